package dev.touchflow.platform.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import reactor.core.publisher.Mono;

/**
 * Reads a verified token's claims into a {@link Caller}, by the configured claim names. A role
 * value Touchflow does not know is ignored; a claim that is missing gives no roles or no clients
 * (deny by default).
 */
final class TokenClaims implements Converter<Jwt, Mono<AbstractAuthenticationToken>> {

    private final IdentityProperties.Claims claims;

    TokenClaims(IdentityProperties.Claims claims) {
        this.claims = claims;
    }

    @Override
    public Mono<AbstractAuthenticationToken> convert(Jwt token) {
        return Mono.just(new CallerAuthentication(token, caller(token)));
    }

    Caller caller(Jwt token) {
        String name = token.getClaimAsString(claims.name());
        if (name == null || name.isBlank()) {
            name = token.getSubject();
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String value : strings(token.getClaims(), claims.roles())) {
            String role = value.startsWith(claims.rolePrefix())
                    ? value.substring(claims.rolePrefix().length())
                    : null;
            Role.named(role).ifPresent(roles::add);
        }
        Set<String> clients = new LinkedHashSet<>(strings(token.getClaims(), claims.clients()));
        boolean all = clients.remove(claims.allClients());
        return new Caller(name == null ? "unknown" : name, roles, clients, all);
    }

    /** The strings at a dotted path: a list of strings, or one string holding several separated by spaces or commas. */
    static Set<String> strings(Map<String, Object> root, String path) {
        Object node = root;
        for (String part : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> map)) {
                return Set.of();
            }
            node = map.get(part);
        }
        Set<String> values = new LinkedHashSet<>();
        if (node instanceof Collection<?> list) {
            list.forEach(value -> {
                if (value instanceof String text && !text.isBlank()) {
                    values.add(text.strip());
                }
            });
        } else if (node instanceof String text) {
            for (String value : text.split("[\\s,]+")) {
                if (!value.isBlank()) {
                    values.add(value);
                }
            }
        }
        return values;
    }
}
