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

    private final String clientsClaim;
    private final String rolesClaim;

    Person(ConsoleProperties properties) {
        this.clientsClaim = properties.clientsClaim();
        this.rolesClaim = properties.rolesClaim();
    }

    public Mono<Set<String>> clients(ServerWebExchange exchange) {
        return claim(exchange, clientsClaim);
    }

    /**
     * Whether the person is an admin, so a page offers what only an admin may do. Only a courtesy: the
     * service called decides, by the access token.
     */
    public Mono<Boolean> admin(ServerWebExchange exchange) {
        return claim(exchange, rolesClaim).map(roles -> roles.contains("admin"));
    }

    private static Mono<Set<String>> claim(ServerWebExchange exchange, String name) {
        return exchange.getPrincipal()
                .filter(Authentication.class::isInstance)
                .map(principal -> ((Authentication) principal).getPrincipal())
                .filter(OidcUser.class::isInstance)
                .map(user -> {
                    List<String> values = ((OidcUser) user).getClaimAsStringList(name);
                    return values == null ? Set.<String>of() : Set.copyOf(values);
                })
                .defaultIfEmpty(Set.of());
    }

    /** The clients as a query's filter: null for every client, else the list. */
    public static List<String> filter(Set<String> clients) {
        return clients.contains("*") ? null : List.copyOf(clients);
    }
}
