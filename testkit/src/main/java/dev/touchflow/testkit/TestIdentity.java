package dev.touchflow.testkit;

import dev.touchflow.embedded.IssuerKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The test JVM's token issuer: one signing key, trusted by every service a test starts, and the
 * tokens tests call with. {@link #admin()} may do everything; {@link #token} makes any other
 * caller, e.g. an approver of one client.
 */
public final class TestIdentity {

    public static final String ISSUER = "https://issuer.touchflow.test";
    private static final IssuerKeys KEYS = IssuerKeys.generate();
    private static final Duration TTL = Duration.ofHours(6);

    private TestIdentity() {}

    /** Tells a service to trust this JVM's issuer. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("touchflow.security.jwk-set", KEYS::publicJwkSet);
        registry.add("touchflow.security.issuer", () -> ISSUER);
    }

    /** The public keys as a JWK set, for a service started without {@link DynamicPropertyRegistry}. */
    public static String publicJwkSet() {
        return KEYS.publicJwkSet();
    }

    /** An admin of every client. */
    public static String admin() {
        return token("test-admin", List.of("admin"), List.of("*"));
    }

    /** A token for {@code name} with these roles, seeing these clients ({@code *} for all). */
    public static String token(String name, List<String> roles, List<String> clients) {
        return KEYS.mint(ISSUER, name, roles, clients, TTL, Clock.systemUTC());
    }

    /** A token signed by a key no service trusts, otherwise like an admin's. */
    public static String forged() {
        return IssuerKeys.generate().mint(ISSUER, "mallory", List.of("admin"), List.of("*"), TTL, Clock.systemUTC());
    }
}
