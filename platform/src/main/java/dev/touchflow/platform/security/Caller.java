package dev.touchflow.platform.security;

import dev.touchflow.platform.web.NotFoundException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import reactor.core.publisher.Mono;

/**
 * Who is calling, as the bearer token says: a name for the audit trail, roles for what they may
 * do, and the clients (tenants) whose objects they may see. An admin, or a token whose clients
 * claim holds {@code *}, sees every client. Another client's object is not there for the caller:
 * the API answers 404, never 403, so its existence is not revealed.
 *
 * <p>Controllers take a {@code Caller} parameter; anything else asks {@link #current()}.
 */
public record Caller(String name, Set<Role> roles, Set<String> clients, boolean allClients) {

    public Caller {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        clients = Set.copyOf(clients);
        allClients = allClients || roles.contains(Role.ADMIN);
    }

    public boolean has(Role role) {
        return roles.contains(Role.ADMIN) || roles.contains(role);
    }

    public boolean sees(String clientId) {
        return allClients || (clientId != null && clients.contains(clientId));
    }

    /**
     * The clients a list query may return rows of: {@code null} for every client, else the token's
     * clients (narrowed to {@code requested} when the call asks for one client; an unseen requested
     * client narrows to nothing).
     */
    public List<String> clientFilter(String requested) {
        if (requested != null && !requested.isBlank()) {
            return sees(requested) ? List.of(requested) : List.of();
        }
        return allClients ? null : List.copyOf(new TreeSet<>(clients));
    }

    /**
     * The object found, if the caller sees its client; else 404 with {@code notFound}, exactly as if
     * it did not exist.
     */
    public <T> Mono<T> visible(Mono<T> found, Function<T, String> clientOf, String notFound) {
        return found.filter(object -> sees(clientOf.apply(object)))
                .switchIfEmpty(Mono.error(() -> new NotFoundException(notFound)));
    }

    /** The caller of the request being handled; empty outside one. */
    public static Mono<Caller> current() {
        return ReactiveSecurityContextHolder.getContext()
                .map(SecurityContext::getAuthentication)
                .filter(CallerAuthentication.class::isInstance)
                .map(authentication -> ((CallerAuthentication) authentication).caller());
    }
}
