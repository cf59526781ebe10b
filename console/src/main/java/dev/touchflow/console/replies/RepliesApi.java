package dev.touchflow.console.replies;

import dev.touchflow.console.ConsoleProperties;
import dev.touchflow.console.security.AsThePerson;
import java.util.Map;
import java.util.UUID;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** reply-classifier-service's API, called with the signed-in person's access token. */
@Component
class RepliesApi {

    private static final ParameterizedTypeReference<Map<String, Object>> REPLY = new ParameterizedTypeReference<>() {};

    private final WebClient replies;

    RepliesApi(ConsoleProperties properties, AsThePerson person) {
        this.replies = person.client(properties.replies());
    }

    /** The replies the classifier was not sure of, oldest first: each waits for a person's label. */
    Flux<Map<String, Object>> toReview() {
        return replies.get()
                .uri("/api/v1/replies?status=needs_review&limit=200")
                .retrieve()
                .bodyToFlux(REPLY);
    }

    Mono<Void> label(UUID id, String label) {
        return replies.post()
                .uri("/api/v1/replies/{id}/label", id)
                .bodyValue(Map.of("label", label))
                .retrieve()
                .toBodilessEntity()
                .then();
    }
}
