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
 * Try the classifier on one message, storing and publishing nothing: the rules where they are
 * certain, else the model's most likely label with its probability as the confidence.
 */
@RestController
class ClassifyController {

    private final ReplyClassifier classifier = new ReplyClassifier(0.0);

    @PostMapping("/api/v1/classify")
    Mono<Map<String, Object>> classify(@RequestBody Input input) {
        return Mono.fromCallable(() -> answer(classifier, input.toMessage()));
    }

    /** The answer for one message: label (or needs_review), confidence, return_date, referral_email, reason. */
    public static Map<String, Object> answer(ReplyClassifier classifier, RuleClassifier.Message message) {
        Classification result = classifier.classify(message);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("label", result.decided() ? result.label() : "needs_review");
        answer.put("confidence", result.confidence());
        answer.put("return_date", result.returnDate() == null ? null : result.returnDate().toString());
        answer.put("referral_email", result.referralEmail());
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
