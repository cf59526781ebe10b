package dev.touchflow.replies.understand;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reads the labelled replies of {@code ../shared/data/replies/replies.jsonl} (never copied into the
 * project, never trained on) to measure two parts of understanding that need no model: the quoted
 * original is set apart from the new text, and automatic-reply headers and subjects point only at
 * automatic mail.
 */
class EvaluationSetTextTest {

    private static final List<String> AUTOMATIC = List.of("out_of_office", "auto_reply", "bounce");

    @Test
    void newTextIsSetApartFromTheQuotedOriginalAndAutomaticMarkersPointOnlyAtAutomaticMail() throws IOException {
        int records = 0;
        int emptyFresh = 0;
        List<String> unsubscribeOnlyQuoted = new ArrayList<>();
        int flagged = 0;
        List<String> flaggedWrongly = new ArrayList<>();
        for (Map<String, Object> record : SharedData.labelledReplies()) {
            records++;
            String label = (String) record.get("label");
            ReplyText text = ReplyText.of((String) record.get("body"));
            emptyFresh += text.fresh().isBlank() ? 1 : 0;
            // The quoted original's unsubscribe footer must stay out of the new text
            for (String quotedLine : text.quoted().split("\n")) {
                String plain = quotedLine.replaceFirst("^[>\\s]+", "").strip();
                if (plain.toLowerCase(Locale.ROOT).contains("unsubscribe")
                        && text.fresh().contains(plain)) {
                    unsubscribeOnlyQuoted.add(record.get("id") + ":" + label);
                    break;
                }
            }
            @SuppressWarnings("unchecked")
            Map<String, String> headers = (Map<String, String>) record.getOrDefault("headers", Map.of());
            if (AutoReplies.automatic(headers, (String) record.get("subject"))) {
                flagged++;
                if (!AUTOMATIC.contains(label)) {
                    flaggedWrongly.add(record.get("id") + ":" + label);
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "{\"records\": %d, \"empty_new_text\": %d, \"quoted_unsubscribe_leaking\": %s, "
                        + "\"automatic_flagged\": %d, \"automatic_flagged_wrongly\": %s}%n",
                records,
                emptyFresh,
                unsubscribeOnlyQuoted,
                flagged,
                flaggedWrongly);

        assertThat(records).isEqualTo(400);
        assertThat(emptyFresh).as("replies whose own text was lost").isLessThanOrEqualTo(2);
        assertThat(unsubscribeOnlyQuoted)
                .as("an unsubscribe link in the quoted original leaking into the new text")
                .isEmpty();
        assertThat(flaggedWrongly)
                .as("automatic markers on mail a person wrote")
                .isEmpty();
    }
}
