package dev.touchflow.console.sends;

import dev.touchflow.console.ConsoleProperties;
import dev.touchflow.console.security.AsThePerson;
import java.util.Map;
import java.util.UUID;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** dispatch-service's queue, called with the signed-in person's access token. */
@Component
class Sends {

    private static final ParameterizedTypeReference<Map<String, Object>> SEND = new ParameterizedTypeReference<>() {};

    private final WebClient dispatch;

    Sends(ConsoleProperties properties, AsThePerson person) {
        this.dispatch = person.client(properties.dispatch());
    }

    Flux<Map<String, Object>> withStatus(String status) {
        return dispatch.get()
                .uri("/api/v1/sends?status={status}&limit=200", status)
                .retrieve()
                .bodyToFlux(SEND);
    }

    Mono<Void> cancel(UUID id) {
        return dispatch.post()
                .uri("/api/v1/sends/{id}/cancel", id)
                .retrieve()
                .toBodilessEntity()
                .then();
    }

    /** Back to the queue; an unknown send (it may have left) only when the person says they accept a duplicate. */
    Mono<Void> retry(UUID id, boolean acceptDuplicate) {
        return dispatch.post()
                .uri("/api/v1/sends/{id}/retry", id)
                .bodyValue(Map.of("acknowledge_possible_duplicate", acceptDuplicate))
                .retrieve()
                .toBodilessEntity()
                .then();
    }
}
