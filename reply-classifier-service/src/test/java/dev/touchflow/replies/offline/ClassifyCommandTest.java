package dev.touchflow.replies.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ClassifyCommandTest {

    @Test
    void eachJsonLineInGivesOneAnswerLineOutKeepingTheIdAndIgnoringTheLabel() throws Exception {
        String input = """
                {"id": "a", "received_at": "2026-03-04T09:12:00+01:00", "from": "Anna <anna@example.de>", "subject": "Re: spots", "headers": {"Auto-Submitted": "auto-replied"}, "body": "I am out of the office until 16 March.", "label": "interested"}

                {"id": "b", "received_at": "2026-03-04T09:12:00+01:00", "from": "Ben <ben@example.com>", "subject": "Re: spots", "headers": {}, "body": "Please remove me from your list.", "label": "question", "notes": "ignored"}
                {"id": "c", "received_at": "2026-03-04T09:12:00+01:00", "from": "Cy <cy@example.com>", "subject": "Re: spots", "headers": {}, "body": "Sounds good, send the deck."}
                """;
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ClassifyCommand.run(
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8));

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.subList(0, 2))
                .containsExactly(
                        "{\"id\":\"a\",\"label\":\"out_of_office\",\"confidence\":0.97,\"return_date\":\"2026-03-16\",\"referral_email\":null}",
                        "{\"id\":\"b\",\"label\":\"unsubscribe\",\"confidence\":0.95,\"return_date\":null,\"referral_email\":null}");
        // the model's guess for a plain positive reply, with its probability as the confidence
        assertThat(lines.get(2)).startsWith("{\"id\":\"c\",\"label\":\"interested\",\"confidence\":0.");
    }

    @Test
    void aLineItCannotReadIsAnsweredWithItsErrorAndEveryOtherLineStillIs() throws Exception {
        String input = """
                {"id": "no-zone", "received_at": "2026-03-04T09:12:00", "from": "ben@example.com", "body": "Please remove me from your list."}
                not json at all
                {"id": "bad-date", "received_at": "the fourth of March", "body": "Please remove me."}
                {"id": 7, "body": "Stop emailing me."}
                [1, 2]
                {"id": "date-only", "received_at": "2026-03-04", "headers": {"Auto-Submitted": "auto-replied"}, "body": "I am out of the office until 16 March."}
                """;

        List<String> lines = classify(input);

        assertThat(lines).hasSize(6);
        assertThat(lines.get(0))
                .isEqualTo(
                        "{\"id\":\"no-zone\",\"label\":\"unsubscribe\",\"confidence\":0.95,\"return_date\":null,\"referral_email\":null}");
        assertThat(lines.get(1)).startsWith("{\"id\":null,\"error\":\"line 2 is not JSON: ");
        assertThat(lines.get(2))
                .isEqualTo(
                        "{\"id\":\"bad-date\",\"error\":\"received_at is not an ISO-8601 or RFC 5322 date or time: the fourth of March\"}");
        assertThat(lines.get(3))
                .isEqualTo(
                        "{\"id\":7,\"label\":\"unsubscribe\",\"confidence\":0.95,\"return_date\":null,\"referral_email\":null}");
        assertThat(lines.get(4)).isEqualTo("{\"id\":null,\"error\":\"line 5 is not a JSON object\"}");
        assertThat(lines.get(5))
                .isEqualTo("{\"id\":\"date-only\",\"label\":\"out_of_office\",\"confidence\":0.97,"
                        + "\"return_date\":\"2026-03-16\",\"referral_email\":null}");
    }

    @Test
    void aFeedbackReportInTheRawMessageIsAnUnsubscribeNeverAReferral() throws Exception {
        // an ARF report (RFC 5965) whose human part names an address, as abuse desks' reports do
        String raw = String.join(
                "\r\n",
                "From: Abuse Desk <abuse@mail.example.net>",
                "To: justin@b2bea.example",
                "Subject: Complaint about message from 192.0.2.1",
                "MIME-Version: 1.0",
                "Content-Type: multipart/report; report-type=feedback-report; boundary=\"b1\"",
                "",
                "--b1",
                "Content-Type: text/plain",
                "",
                "This is an email abuse report. Please forward questions to postmaster@mail.example.net.",
                "--b1",
                "Content-Type: message/feedback-report",
                "",
                "Feedback-Type: abuse",
                "User-Agent: SomeGenerator/1.0",
                "Version: 1",
                "Original-Rcpt-To: dana@acme.example",
                "",
                "--b1",
                "Content-Type: text/rfc822-headers",
                "",
                "From: justin@b2bea.example",
                "To: dana@acme.example",
                "Subject: An idea for Acme",
                "",
                "--b1--",
                "");
        String input = JsonMapper.builder()
                        .build()
                        .writeValueAsString(Map.of(
                                "id",
                                "arf",
                                "received_at",
                                "2026-03-04T09:12:00Z",
                                "from",
                                "abuse@mail.example.net",
                                "subject",
                                "Complaint about message from 192.0.2.1",
                                "body",
                                "This is an email abuse report. Please forward questions to postmaster@mail.example.net.",
                                "raw",
                                raw))
                + "\n";

        assertThat(classify(input))
                .singleElement()
                .asString()
                .startsWith("{\"id\":\"arf\",\"label\":\"unsubscribe\",")
                .contains("\"bounce_kind\":\"complaint\"");
    }

    @Test
    void everyMessageOfTheBounceCorpusIsAnsweredFromItsRawMimeAsTheServiceReadsIt() throws Exception {
        // sisimai's 632 real messages, read in place from ../shared/data/bounces and never copied
        Optional<Path> corpus = Stream.of("..", "../..", "../../..")
                .map(up -> Path.of(up, "shared", "data", "bounces"))
                .filter(Files::isDirectory)
                .findFirst();
        Assumptions.assumeTrue(corpus.isPresent(), "SKIPPED: ../shared/data/bounces is not there");
        JsonMapper json = JsonMapper.builder().build();
        List<Path> files;
        try (Stream<Path> messages = Files.list(corpus.get().resolve("messages"));
                Stream<Path> others = Files.list(corpus.get().resolve("not-bounces"))) {
            files = Stream.concat(messages, others)
                    .filter(file -> file.toString().endsWith(".eml"))
                    .sorted()
                    .toList();
        }
        StringBuilder input = new StringBuilder();
        for (Path file : files) {
            // as a person would hand it over: the message's text, in a JSON string, with nothing else
            input.append(json.writeValueAsString(Map.of(
                            "id",
                            file.getFileName().toString(),
                            "raw",
                            new String(Files.readAllBytes(file), StandardCharsets.UTF_8))))
                    .append('\n');
        }

        Map<String, String> labels = new TreeMap<>();
        for (String line : classify(input.toString())) {
            JsonNode answer = json.readTree(line);
            labels.put(
                    answer.get("id").asString(),
                    answer.has("label") ? answer.get("label").asString() : "error");
        }
        Predicate<String> failure =
                name -> name.startsWith("lhost-") || name.startsWith("rhost-") || name.startsWith("rfc3464-");
        long failures = labels.keySet().stream().filter(failure).count();
        long calledBounce = labels.entrySet().stream()
                .filter(each -> failure.test(each.getKey()))
                .filter(each -> "bounce".equals(each.getValue()))
                .count();
        List<String> complaintsNotUnsubscribe = labels.entrySet().stream()
                .filter(each -> each.getKey().startsWith("arf-"))
                .filter(each -> !"unsubscribe".equals(each.getValue()))
                .map(Object::toString)
                .toList();
        // rb-issue-368-bug.eml is filed with the non-bounces but is a server's mailbox-full notice: a soft bounce
        List<String> falseBounces = labels.entrySet().stream()
                .filter(each -> !failure.test(each.getKey())
                        && !each.getKey().startsWith("arf-")
                        && !each.getKey().equals("rb-issue-368-bug.eml"))
                .filter(each -> "bounce".equals(each.getValue()))
                .map(Object::toString)
                .toList();
        System.out.printf(
                Locale.ROOT,
                "{\"messages\": %d, \"answered\": %d, \"delivery_failures\": %d, "
                        + "\"called_bounce\": %d, \"complaints_not_unsubscribe\": %s, \"false_bounces\": %s}%n",
                files.size(),
                labels.size(),
                failures,
                calledBounce,
                complaintsNotUnsubscribe,
                falseBounces);

        assertThat(labels).hasSize(files.size()).doesNotContainValue("error");
        assertThat(files).hasSize(632);
        assertThat(calledBounce).as("delivery failures called bounce").isGreaterThanOrEqualTo((long)
                Math.ceil(failures * 0.97));
        assertThat(complaintsNotUnsubscribe)
                .as("feedback reports not an unsubscribe")
                .isEmpty();
        assertThat(falseBounces)
                .as("auto-replies and ordinary mail called bounce")
                .isEmpty();
    }

    private static List<String> classify(String input) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ClassifyCommand.run(
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
