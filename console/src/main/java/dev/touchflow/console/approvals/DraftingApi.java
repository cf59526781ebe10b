package dev.touchflow.console.approvals;

import dev.touchflow.console.ConsoleProperties;
import dev.touchflow.console.security.AsThePerson;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** drafting-service's API, called with the signed-in person's access token: it decides what they may see and do. */
@Component
class DraftingApi {

    private final WebClient drafting;

    DraftingApi(ConsoleProperties properties, AsThePerson person) {
        this.drafting = person.client(properties.drafting());
    }

    /** The drafts waiting for a person, the one that expires first at the top. */
    Flux<PendingDraft> pending() {
        return drafting.get()
                .uri("/api/v1/drafts?status=pending&limit=200")
                .retrieve()
                .bodyToFlux(PendingDraft.class)
                .sort(Comparator.comparing(draft -> draft.expiresAt() == null ? Instant.MAX : draft.expiresAt()));
    }

    Mono<Void> approve(UUID id) {
        return drafting.post()
                .uri("/api/v1/drafts/{id}/approve", id)
                .retrieve()
                .toBodilessEntity()
                .then();
    }

    /** Approves the draft with a person's last edits: exactly this subject and body are what leaves. */
    Mono<Void> approveEdited(UUID id, String subject, String body) {
        return drafting.post()
                .uri("/api/v1/drafts/{id}/approve", id)
                .bodyValue(Map.of("subject", subject, "body", body))
                .retrieve()
                .toBodilessEntity()
                .then();
    }

    /** Approves each of these on its own; answers how many were approved. */
    Mono<Long> approveAll(List<UUID> ids) {
        return drafting.post()
                .uri("/api/v1/drafts/approve")
                .bodyValue(Map.of("ids", ids))
                .retrieve()
                .bodyToMono(BulkAnswer.class)
                .map(answer -> answer.results().stream()
                        .filter(result -> "approved".equals(result.get("outcome")))
                        .count());
    }

    /** Hands the draft back to its LLM or agent, or renders its template again. */
    Mono<Void> regenerate(UUID id) {
        return drafting.post()
                .uri("/api/v1/drafts/{id}/regenerate", id)
                .retrieve()
                .toBodilessEntity()
                .then();
    }

    /** drafting-service's answer to a bulk approval: one result per draft. */
    record BulkAnswer(List<Map<String, Object>> results) {}

    Mono<Void> reject(UUID id, String reason) {
        return drafting.post()
                .uri("/api/v1/drafts/{id}/reject", id)
                .bodyValue(Map.of("reason", reason))
                .retrieve()
                .toBodilessEntity()
                .then();
    }
}
