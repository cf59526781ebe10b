package dev.touchflow.console.security;

import dev.touchflow.console.ConsoleProperties;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The clients the signed-in person may see, from their ID token ({@code *} for every client). The read
 * model is shared by every client, so each of its queries is narrowed to these; a person with none sees
 * nothing.
 */
@Component
public class Person {

    private final String claim;

    Person(ConsoleProperties properties) {
        this.claim = properties.clientsClaim();
    }

    public Mono<Set<String>> clients(ServerWebExchange exchange) {
        return exchange.getPrincipal()
                .filter(Authentication.class::isInstance)
                .map(principal -> ((Authentication) principal).getPrincipal())
                .filter(OidcUser.class::isInstance)
                .map(user -> {
                    List<String> clients = ((OidcUser) user).getClaimAsStringList(claim);
                    return clients == null ? Set.<String>of() : Set.copyOf(clients);
                })
                .defaultIfEmpty(Set.of());
    }

    /** The clients as a query's filter: null for every client, else the list. */
    public static List<String> filter(Set<String> clients) {
        return clients.contains("*") ? null : List.copyOf(clients);
    }
}
