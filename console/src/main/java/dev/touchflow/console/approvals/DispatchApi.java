package dev.touchflow.console.approvals;

import dev.touchflow.console.ConsoleProperties;
import dev.touchflow.console.security.AsThePerson;
import java.time.Duration;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/** dispatch-service's API, called with the signed-in person's access token. */
@Component
class DispatchApi {

    /** How often to look for the send an approval became before showing the page without its undo. */
    private static final int LOOKS = 10;

    private static final Duration BETWEEN_LOOKS = Duration.ofMillis(200);

    private final WebClient dispatch;

    DispatchApi(ConsoleProperties properties, AsThePerson person) {
        this.dispatch = person.client(properties.dispatch());
    }

    /**
     * The send this approved draft became. Dispatch takes the approval from its topic a moment after
     * drafting-service records it, so this looks a few times before it answers empty.
     */
    Mono<QueuedSend> sendOf(UUID draftId) {
        return Mono.defer(() -> dispatch.get()
                        .uri("/api/v1/sends?draft={id}", draftId)
                        .retrieve()
                        .bodyToFlux(QueuedSend.class)
                        .next())
                .repeatWhenEmpty(LOOKS, empty -> empty.delayElements(BETWEEN_LOOKS));
    }

    Mono<Void> cancel(UUID sendId) {
        return dispatch.post()
                .uri("/api/v1/sends/{id}/cancel", sendId)
                .retrieve()
                .toBodilessEntity()
                .then();
    }
}
