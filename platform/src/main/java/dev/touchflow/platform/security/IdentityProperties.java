package dev.touchflow.platform.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Whom a service trusts to say who is calling ({@code touchflow.security}). Exactly one source of
 * keys: {@code issuer-uri} (OpenID discovery: the issuer's JWK set, and {@code iss} must match),
 * {@code jwk-set-uri} with {@code issuer}, or an inline {@code jwk-set} (a JWK set's JSON, public
 * keys only) with {@code issuer}. A service with none refuses to start.
 *
 * @param issuerUri  the identity provider's issuer, e.g. {@code https://sso.example.com/realms/touchflow}
 * @param jwkSetUri  where the provider publishes its signing keys
 * @param jwkSet     the signing keys themselves (the local runner and tests)
 * @param issuer     the {@code iss} every token must carry, with {@code jwk-set-uri} or {@code jwk-set}
 * @param audiences  if set, a token's {@code aud} must name one of these
 * @param claims     where in the token the name, roles and clients are
 */
@ConfigurationProperties("touchflow.security")
public record IdentityProperties(
        String issuerUri, String jwkSetUri, String jwkSet, String issuer, List<String> audiences, Claims claims) {

    public IdentityProperties {
        audiences = audiences == null ? List.of() : List.copyOf(audiences);
        claims = claims == null ? new Claims(null, null, null, null, null) : claims;
    }

    /**
     * @param name       the claim naming the caller (falls back to {@code sub})
     * @param roles      a dotted path to the claim listing roles, e.g. {@code realm_access.roles} for Keycloak
     * @param clients    a dotted path to the claim listing the client ids the caller may see
     * @param rolePrefix stripped from each role value before it is read, e.g. {@code touchflow-}
     * @param allClients the clients value that means every client
     */
    public record Claims(String name, String roles, String clients, String rolePrefix, String allClients) {

        public Claims {
            name = name == null ? "name" : name;
            roles = roles == null ? "roles" : roles;
            clients = clients == null ? "clients" : clients;
            rolePrefix = rolePrefix == null ? "" : rolePrefix;
            allClients = allClients == null ? "*" : allClients;
        }
    }
}
