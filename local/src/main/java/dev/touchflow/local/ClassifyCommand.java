package dev.touchflow.local;

import dev.touchflow.replies.classify.ReplyClassifier;
import dev.touchflow.replies.classify.RuleClassifier;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./touchflow classify}: reads messages as JSON Lines on standard input (the record format of
 * LABELS.md; {@code label}, {@code notes} and the answers are ignored) and writes one JSON line per
 * message: its {@code id}, {@code label}, {@code confidence},
 * {@code return_date} and {@code referral_email}. Needs no broker or database.
 */
final class ClassifyCommand {

    private ClassifyCommand() {
    }

    static void run(java.io.InputStream in, PrintStream out) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        ReplyClassifier classifier = new ReplyClassifier(0.0);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> record = json.readValue(line, new TypeReference<>() {
            });
            Object received = record.get("received_at");
            LocalDate day = received == null ? LocalDate.now(ZoneOffset.UTC) : OffsetDateTime.parse(received.toString()).toLocalDate();
            @SuppressWarnings("unchecked")
            Map<String, String> headers = (Map<String, String>) record.getOrDefault("headers", Map.of());
            RuleClassifier.Message message = new RuleClassifier.Message((String) record.get("from"),
                    (String) record.get("subject"), headers, (String) record.get("body"), day);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("id", record.get("id"));
            answer.putAll(classifier.classify(message).answer());
            out.println(json.writeValueAsString(answer));
        }
        out.flush();
    }
}
