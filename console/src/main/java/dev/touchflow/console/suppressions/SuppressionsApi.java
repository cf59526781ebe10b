package dev.touchflow.console.suppressions;

import dev.touchflow.console.ConsoleProperties;
import dev.touchflow.console.security.AsThePerson;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The suppression lists, called with the signed-in person's token: dispatch-service's (who may not be written
 * to), which the page lists, and enrollment-service's (who may not be enrolled), lifted with it.
 */
@Component
class SuppressionsApi {

    private static final ParameterizedTypeReference<Map<String, Object>> ENTRY = new ParameterizedTypeReference<>() {};

    private final WebClient dispatch;
    private final WebClient enrollment;

    SuppressionsApi(ConsoleProperties properties, AsThePerson person) {
        this.dispatch = person.client(properties.dispatch());
        this.enrollment = person.client(properties.enrollment());
    }

    Flux<Map<String, Object>> search(String search) {
        return dispatch.get()
                .uri(uri -> uri.path("/api/v1/suppressions")
                        .queryParam("limit", 200)
                        .queryParamIfPresent("search", Optional.ofNullable(search))
                        .build())
                .retrieve()
                .bodyToFlux(ENTRY);
    }

    /**
     * Lifts the entry in dispatch, then in enrollment (where a bounce or an exit may have left none); a
     * refusal by dispatch stops it before enrollment is asked.
     */
    Mono<Void> lift(String clientId, String address, String reason) {
        Map<String, String> body = Map.of("client_id", clientId, "address", address, "reason", reason);
        return post(dispatch, body)
                .then(post(enrollment, body)
                        .onErrorResume(
                                WebClientResponseException.class,
                                refused -> refused.getStatusCode() == HttpStatus.NOT_FOUND
                                        ? Mono.empty()
                                        : Mono.error(refused)));
    }

    private static Mono<Void> post(WebClient service, Map<String, String> body) {
        return service.post()
                .uri("/api/v1/suppressions/lift")
                .bodyValue(body)
                .retrieve()
                .toBodilessEntity()
                .then();
    }
}
