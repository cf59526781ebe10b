package dev.touchflow.console.sequences;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.touchflow.console.ConsoleProperties;
import dev.touchflow.console.security.AsThePerson;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The campaigns in enrollment-service (every change a new version) and the sequencer's simulation, called
 * with the signed-in person's token: they list and change only what the person's clients and role allow.
 */
@Component
public class SequencesApi {

    /** When the sequencer would fire one step for the sample contact, and what moved it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Planned(
            @JsonProperty("step_number") int stepNumber,
            @JsonProperty("fire_at") Instant fireAt,
            @JsonProperty("deferred_because") List<String> deferredBecause) {}

    private static final ParameterizedTypeReference<Map<String, List<Planned>>> SIMULATION =
            new ParameterizedTypeReference<>() {};

    private final WebClient enrollment;
    private final WebClient sequencer;

    SequencesApi(ConsoleProperties properties, AsThePerson person) {
        this.enrollment = person.client(properties.enrollment());
        this.sequencer = person.client(properties.sequencer());
    }

    /** The campaigns the person sees that are not archived, by name. */
    Flux<Sequence> all() {
        return enrollment
                .get()
                .uri("/api/v1/campaigns")
                .retrieve()
                .bodyToFlux(Sequence.class)
                .filter(sequence -> !"archived".equals(sequence.status()))
                .sort((a, b) -> a.name().compareToIgnoreCase(b.name()));
    }

    Mono<Void> create(Map<String, Object> definition) {
        return enrollment
                .post()
                .uri("/api/v1/campaigns")
                .bodyValue(definition)
                .retrieve()
                .toBodilessEntity()
                .then();
    }

    Mono<Void> addStep(String slug, Map<String, Object> step) {
        return enrollment
                .post()
                .uri("/api/v1/campaigns/{slug}/steps", slug)
                .bodyValue(step)
                .retrieve()
                .toBodilessEntity()
                .then();
    }

    /** When each step would fire for a contact in this time zone enrolled at {@code start}. */
    Mono<List<Planned>> simulate(String slug, String timezone, Instant start) {
        Map<String, Object> contact = timezone == null || timezone.isBlank()
                ? Map.of("id", "sample", "email", "sample@example.com")
                : Map.of("id", "sample", "email", "sample@example.com", "timezone", timezone);
        return sequencer
                .post()
                .uri("/api/v1/campaigns/{slug}/simulate", slug)
                .bodyValue(Map.of("contact", contact, "start", start.toString()))
                .retrieve()
                .bodyToMono(SIMULATION)
                .map(answer -> answer.getOrDefault("steps", List.of()));
    }
}
