package dev.touchflow.console.contacts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.touchflow.console.ConsoleProperties;
import dev.touchflow.console.security.AsThePerson;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The sequencer's journal of a run (every step fired, deferred or skipped, and why) and enrollment-service's
 * pause, resume and unsubscribe, called as the signed-in person.
 */
@Component
class ContactsApi {

    /** One decision of the sequencer about a step of the run. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record JournalEntry(
            @JsonProperty("enrollment_id") String enrollmentId,
            @JsonProperty("step_number") int stepNumber,
            Instant at,
            String decision,
            List<String> reasons,
            @JsonProperty("fire_at") Instant fireAt) {

        JournalEntry {
            reasons = reasons == null ? List.of() : List.copyOf(reasons);
        }
    }

    private final WebClient enrollment;
    private final WebClient sequencer;

    ContactsApi(ConsoleProperties properties, AsThePerson person) {
        this.enrollment = person.client(properties.enrollment());
        this.sequencer = person.client(properties.sequencer());
    }

    Flux<JournalEntry> journal(String enrollmentId) {
        return sequencer
                .get()
                .uri("/api/v1/enrollments/{id}/journal", enrollmentId)
                .retrieve()
                .bodyToFlux(JournalEntry.class);
    }

    /** pause, resume or unsubscribe the run, with the person's reason. */
    Mono<Void> act(String enrollmentId, String action, String reason) {
        return enrollment
                .put()
                .uri("/api/v1/enrollments/{id}", enrollmentId)
                .bodyValue(
                        reason == null || reason.isBlank()
                                ? Map.of("action", action)
                                : Map.of("action", action, "reason", reason.strip()))
                .retrieve()
                .toBodilessEntity()
                .then();
    }
}
