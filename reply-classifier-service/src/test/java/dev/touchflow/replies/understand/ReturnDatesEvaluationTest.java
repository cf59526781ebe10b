package dev.touchflow.replies.understand;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Measures {@link ReturnDates} on the labelled replies that carry a return date, as LABELS.md scores
 * it (out_of_office exact, later within 3 days). The labels are used only to pick the records and to
 * score; the extractor sees the reply's new text and received day only.
 */
class ReturnDatesEvaluationTest {

    @Test
    void returnDatesOfTheLabelledSet() throws IOException {
        int total = 0;
        int right = 0;
        List<String> wrong = new ArrayList<>();
        for (Map<String, Object> record : SharedData.labelledReplies()) {
            Object expected = record.get("return_date");
            if (expected == null) {
                continue;
            }
            total++;
            LocalDate received =
                    OffsetDateTime.parse((String) record.get("received_at")).toLocalDate();
            Optional<LocalDate> found =
                    ReturnDates.find(ReplyText.of((String) record.get("body")).fresh(), received);
            LocalDate want = LocalDate.parse(expected.toString());
            boolean ok = found.isPresent()
                    && ("later".equals(record.get("label"))
                            ? Math.abs(ChronoUnit.DAYS.between(want, found.get())) <= 3
                            : found.get().equals(want));
            if (ok) {
                right++;
            } else {
                wrong.add(record.get("id") + ":" + want + "/" + found.orElse(null));
            }
        }
        System.out.printf(
                Locale.ROOT,
                "{\"return_dates\": %d, \"right\": %d, \"share\": %.2f, \"wrong\": %s}%n",
                total,
                right,
                (double) right / total,
                wrong);
        assertThat(total).isEqualTo(71);
        assertThat((double) right / total)
                .as("return dates right, as LABELS.md scores them")
                .isGreaterThanOrEqualTo(0.90);
    }
}
