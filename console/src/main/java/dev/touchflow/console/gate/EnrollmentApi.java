package dev.touchflow.console.gate;

import dev.touchflow.console.ConsoleProperties;
import dev.touchflow.console.security.AsThePerson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** enrollment-service's API, called with the signed-in person's access token. */
@Component
class EnrollmentApi {

    private final WebClient enrollment;

    EnrollmentApi(ConsoleProperties properties, AsThePerson person) {
        this.enrollment = person.client(properties.enrollment());
    }

    Flux<GateRequest> pending() {
        return enrollment
                .get()
                .uri("/api/v1/gate?status=pending&limit=200")
                .retrieve()
                .bodyToFlux(GateRequest.class);
    }

    /** The active campaigns the person sees, to route to. */
    Flux<Campaign> campaigns() {
        return enrollment
                .get()
                .uri("/api/v1/campaigns?status=active")
                .retrieve()
                .bodyToFlux(Campaign.class);
    }

    Mono<Void> route(UUID id, List<String> campaigns, String goal, String notes) {
        Map<String, Object> decision = new LinkedHashMap<>();
        decision.put("campaigns", campaigns);
        decision.put("goal", goal);
        if (notes != null && !notes.isBlank()) {
            decision.put("notes", notes.strip());
        }
        return enrollment
                .post()
                .uri("/api/v1/gate/{id}/route", id)
                .bodyValue(decision)
                .retrieve()
                .toBodilessEntity()
                .then();
    }
}
