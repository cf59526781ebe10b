package dev.touchflow.replies.classify;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Try the classifier on one message, storing and publishing nothing: the rules where they are
 * certain, else the model's most likely label with its probability as the confidence.
 */
@RestController
class ClassifyController {

    private final ReplyClassifier classifier = new ReplyClassifier(0.0);

    @PostMapping("/api/v1/classify")
    Mono<Map<String, Object>> classify(@RequestBody Input input) {
        return Mono.fromCallable(() -> {
            Classification result = classifier.classify(input.toMessage());
            Map<String, Object> answer = result.answer();
            answer.put("reason", result.reason());
            return answer;
        });
    }

    /** One message: what a real message gives. */
    record Input(String from, String subject, Map<String, String> headers, String body, String receivedAt) {

        RuleClassifier.Message toMessage() {
            LocalDate received = receivedAt == null ? LocalDate.now(ZoneOffset.UTC)
                    : OffsetDateTime.parse(receivedAt).toLocalDate();
            return new RuleClassifier.Message(from, subject, headers, body, received);
        }
    }
}
