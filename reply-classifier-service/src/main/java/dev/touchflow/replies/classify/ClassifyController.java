package dev.touchflow.replies.classify;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Try the classifier on one message, storing and publishing nothing. Until the statistical model
 * arrives, only the certain labels are given; anything else answers {@code needs_review}.
 */
@RestController
class ClassifyController {

    private final RuleClassifier rules = new RuleClassifier();

    @PostMapping("/api/v1/classify")
    Mono<Map<String, Object>> classify(@RequestBody Input input) {
        return Mono.fromCallable(() -> answer(rules, input.toMessage()));
    }

    /** The answer for one message: label (or needs_review), confidence, return_date, referral_email, reason. */
    public static Map<String, Object> answer(RuleClassifier rules, RuleClassifier.Message message) {
        Classification result = rules.classify(message);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("label", result.decided() ? result.label() : "needs_review");
        answer.put("confidence", result.confidence());
        answer.put("return_date", result.returnDate() == null ? null : result.returnDate().toString());
        answer.put("referral_email", "referral".equals(result.label()) ? RuleClassifier.referral(message).orElse(null) : null);
        answer.put("reason", result.reason());
        return answer;
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
