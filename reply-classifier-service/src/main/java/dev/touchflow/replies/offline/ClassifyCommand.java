package dev.touchflow.replies.offline;

import dev.touchflow.replies.classify.Classification;
import dev.touchflow.replies.classify.ReceivedAt;
import dev.touchflow.replies.classify.ReplyClassifier;
import dev.touchflow.replies.classify.RuleClassifier;
import dev.touchflow.replies.understand.BounceDetector;
import dev.touchflow.replies.understand.HtmlText;
import dev.touchflow.replies.understand.RawMail;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./touchflow classify}: reads messages as JSON Lines on standard input (the record format of
 * LABELS.md; {@code label}, {@code notes} and the answers are ignored) and writes one JSON line per
 * message: its {@code id}, {@code label}, {@code confidence}, {@code return_date} and
 * {@code referral_email}. Needs no broker or database.
 *
 * <p>A record with {@code raw} (the whole RFC 5322 message) is read as the service reads a received
 * message: a delivery report or a feedback report (ARF) is recognised from its parts, and the text
 * comes from the MIME parts. {@code received_at} may carry an offset or not (then it is UTC), be a
 * date alone, or be missing (today, UTC). A line that cannot be read is answered with its
 * {@code id} and an {@code error}; every other line is still answered: a batch is never lost.
 */
public final class ClassifyCommand {

    private ClassifyCommand() {}

    public static void run(InputStream in, PrintStream out) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        ReplyClassifier classifier = new ReplyClassifier(0.0);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            JsonNode record = null;
            try {
                record = json.readTree(line);
                if (!record.isObject()) {
                    throw new IllegalArgumentException("line " + number + " is not a JSON object");
                }
                answer.put("id", id(record));
                answer.putAll(classify(classifier, record).answer());
            } catch (JacksonException e) {
                answer.put("id", null);
                answer.put("error", "line " + number + " is not JSON: " + e.getOriginalMessage());
            } catch (RuntimeException e) {
                answer.put("id", record == null ? null : id(record));
                answer.put("error", e.getMessage() == null ? e.toString() : e.getMessage());
            }
            out.println(json.writeValueAsString(answer));
        }
        out.flush();
    }

    private static Object id(JsonNode record) {
        JsonNode id = record.path("id");
        return id.isMissingNode() || id.isNull() ? null : id.isNumber() ? id.numberValue() : id.asString();
    }

    private static Classification classify(ReplyClassifier classifier, JsonNode record) {
        LocalDate day;
        try {
            day = ReceivedAt.day(record.hasNonNull("received_at") ? text(record, "received_at") : null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("received_at is " + e.getMessage());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        record.path("headers")
                .properties()
                .forEach(
                        header -> headers.put(header.getKey(), header.getValue().asString()));
        String from = text(record, "from");
        String subject = text(record, "subject");
        String body = record.hasNonNull("body") ? text(record, "body") : HtmlText.of(text(record, "html"));
        if (record.hasNonNull("raw")) {
            // the raw message is the surest reading: its report parts, its headers, its text
            RawMail raw = RawMail.parse(text(record, "raw").getBytes(StandardCharsets.UTF_8));
            var bounce = BounceDetector.detect(raw);
            if (bounce.isPresent()) {
                return Classification.of(bounce.get());
            }
            raw.headers().forEach(headers::putIfAbsent);
            from = from.isEmpty() ? raw.from() : from;
            subject = subject.isEmpty() ? raw.subject() : subject;
            body = body.isEmpty() ? raw.text() : body;
        }
        return classifier.classify(new RuleClassifier.Message(from, subject, headers, body, day));
    }

    private static String text(JsonNode record, String field) {
        JsonNode value = record.path(field);
        return value.isMissingNode() || value.isNull() ? "" : value.asString();
    }
}
