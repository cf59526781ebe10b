package dev.touchflow.drafting.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import reactor.core.publisher.Mono;

/**
 * The static token table: who may call the drafting API, known by the SHA-256 of their bearer
 * token (the tokens themselves are never configured), with their roles: {@code approver} reads,
 * edits, approves and rejects drafts; {@code agent} answers drafting tasks.
 */
@ConfigurationProperties("touchflow.drafting.security")
public record AccessTokens(List<Holder> tokens) implements ReactiveAuthenticationManager {

    public AccessTokens {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
    }

    /**
     * @param name   who holds the token; the audit names them
     * @param sha256 the token's SHA-256, hex
     * @param roles  approver, agent
     */
    public record Holder(String name, String sha256, List<String> roles) {

        public Holder {
            roles = roles == null || roles.isEmpty() ? List.of("approver") : List.copyOf(roles);
        }
    }

    @Override
    public Mono<Authentication> authenticate(Authentication authentication) {
        String hash = sha256(String.valueOf(authentication.getCredentials()));
        Holder holder = byHash().get(hash);
        if (holder == null) {
            return Mono.error(new BadCredentialsException("the bearer token is not known"));
        }
        return Mono.just(UsernamePasswordAuthenticationToken.authenticated(holder.name(), null, holder.roles().stream()
                .map(role -> new SimpleGrantedAuthority("ROLE_" + role.toUpperCase(Locale.ROOT))).toList()));
    }

    private Map<String, Holder> byHash() {
        return tokens.stream().collect(Collectors.toMap(holder -> holder.sha256().toLowerCase(Locale.ROOT),
                Function.identity(), (first, second) -> first));
    }

    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
