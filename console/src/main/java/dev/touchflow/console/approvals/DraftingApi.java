package dev.touchflow.console.approvals;

import dev.touchflow.console.ConsoleProperties;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** drafting-service's API, called with the signed-in person's access token: it decides what they may see and do. */
@Component
class DraftingApi {

    private final WebClient drafting;

    DraftingApi(ConsoleProperties properties, ReactiveOAuth2AuthorizedClientManager clients) {
        ServerOAuth2AuthorizedClientExchangeFilterFunction asThePerson =
                new ServerOAuth2AuthorizedClientExchangeFilterFunction(clients);
        asThePerson.setDefaultOAuth2AuthorizedClient(true);
        this.drafting = WebClient.builder()
                .baseUrl(properties.drafting().toString())
                .filter(asThePerson)
                .build();
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

    Mono<Void> reject(UUID id, String reason) {
        return drafting.post()
                .uri("/api/v1/drafts/{id}/reject", id)
                .bodyValue(Map.of("reason", reason))
                .retrieve()
                .toBodilessEntity()
                .then();
    }
}
