package dev.touchflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassifyCommandTest {

    @Test
    void eachJsonLineInGivesOneAnswerLineOutKeepingTheIdAndIgnoringTheLabel() throws Exception {
        String input = """
                {"id": "a", "received_at": "2026-03-04T09:12:00+01:00", "from": "Anna <anna@example.de>", "subject": "Re: spots", "headers": {"Auto-Submitted": "auto-replied"}, "body": "I am out of the office until 16 March.", "label": "interested"}

                {"id": "b", "received_at": "2026-03-04T09:12:00+01:00", "from": "Ben <ben@example.com>", "subject": "Re: spots", "headers": {}, "body": "Please remove me from your list.", "label": "question", "notes": "ignored"}
                {"id": "c", "received_at": "2026-03-04T09:12:00+01:00", "from": "Cy <cy@example.com>", "subject": "Re: spots", "headers": {}, "body": "Sounds good, send the deck."}
                """;
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ClassifyCommand.run(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), new PrintStream(out, true,
                StandardCharsets.UTF_8));

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.subList(0, 2)).containsExactly(
                "{\"id\":\"a\",\"label\":\"out_of_office\",\"confidence\":0.97,\"return_date\":\"2026-03-16\",\"referral_email\":null}",
                "{\"id\":\"b\",\"label\":\"unsubscribe\",\"confidence\":0.95,\"return_date\":null,\"referral_email\":null}");
        // the model's guess for a plain positive reply, with its probability as the confidence
        assertThat(lines.get(2)).startsWith("{\"id\":\"c\",\"label\":\"interested\",\"confidence\":0.");
    }
}
