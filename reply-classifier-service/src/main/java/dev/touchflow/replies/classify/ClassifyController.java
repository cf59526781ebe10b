package dev.touchflow.replies.classify;

import dev.touchflow.platform.web.InvalidFieldException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Try the classifier on one message, storing and publishing nothing: the rules where they are
 * certain, else the model's most likely label with its probability as the confidence.
 */
@RestController
class ClassifyController {

    private final ReplyClassifier classifier = new ReplyClassifier(0.0);

    /** Classification is CPU work: it runs on a worker thread, never on the event loop. */
    @PostMapping("/api/v1/classify")
    Mono<Map<String, Object>> classify(@Valid @RequestBody Input input) {
        LocalDate received = input.received();
        return Mono.fromCallable(() -> {
                    Classification result = classifier.classify(input.toMessage(received));
                    Map<String, Object> answer = result.answer();
                    answer.put("reason", result.reason());
                    return answer;
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** One message: what a real message gives. */
    record Input(
            @Size(max = 1000) String from,
            @Size(max = 2000) String subject,
            @Size(max = 200) Map<String, String> headers,
            @Size(max = 200_000) String body,
            String receivedAt) {

        /**
         * The day it was received: ISO-8601 with or without an offset (without: UTC), or a date alone;
         * anything else is a 400 naming {@code received_at}.
         */
        LocalDate received() {
            try {
                return ReceivedAt.day(receivedAt);
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException(
                        "received_at",
                        "must be an ISO-8601 date or time, e.g. "
                                + "2026-03-04T09:12:00+01:00, 2026-03-04T09:12:00 (UTC) or 2026-03-04");
            }
        }

        RuleClassifier.Message toMessage(LocalDate received) {
            return new RuleClassifier.Message(from, subject, headers, body, received);
        }
    }
}
