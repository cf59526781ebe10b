package dev.touchflow.embedded;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * The signing key of a local token issuer (the runner's, or a test JVM's): an RSA JWK, kept in a
 * file readable by its owner only, and tokens minted with it through Spring Security's
 * {@link NimbusJwtEncoder}. Services trust the public half ({@link #publicJwkSet()}).
 */
public final class IssuerKeys {

    private final JWKSet keys;
    private final NimbusJwtEncoder encoder;

    private IssuerKeys(JWKSet keys) {
        this.keys = keys;
        JWKSource<SecurityContext> source = new ImmutableJWKSet<>(keys);
        this.encoder = new NimbusJwtEncoder(source);
    }

    /** A fresh key held in memory only (a test JVM's issuer). */
    public static IssuerKeys generate() {
        return new IssuerKeys(new JWKSet(newKey()));
    }

    /** The key kept in {@code file}, made on first use. */
    public static IssuerKeys loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return new IssuerKeys(JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8)));
            }
            JWKSet keys = new JWKSet(newKey());
            OwnerOnlyFiles.write(file, keys.toString(false));
            return new IssuerKeys(keys);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the issuer key " + file, e);
        } catch (ParseException e) {
            throw new IllegalStateException("the issuer key " + file + " is not a JWK set: " + e.getMessage(), e);
        }
    }

    private static RSAKey newKey() {
        try {
            return new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .keyID(UUID.randomUUID().toString())
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }

    /** The whole key set, private parts included: for the issuer that signs with it. */
    public JWKSet privateJwkSet() {
        return keys;
    }

    /** The public keys as a JWK set's JSON: what a service is given to verify tokens. */
    public String publicJwkSet() {
        return keys.toPublicJWKSet().toString();
    }

    /**
     * Whether {@code token} was signed by this key and stays valid for at least {@code margin}: a
     * token kept in a file is minted again when the key changed or it is about to expire.
     */
    public boolean stillValid(String token, Duration margin, Clock clock) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            RSAKey key = (RSAKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID());
            Date expires = jwt.getJWTClaimsSet().getExpirationTime();
            return key != null
                    && jwt.verify(new RSASSAVerifier(key.toRSAPublicKey()))
                    && expires != null
                    && expires.toInstant().isAfter(clock.instant().plus(margin));
        } catch (ParseException | JOSEException | RuntimeException e) {
            return false;
        }
    }

    /**
     * A signed access token.
     *
     * @param issuer  its {@code iss}
     * @param subject who it is for (a person's name, an agent's client id); also its {@code name}
     * @param roles   the {@code roles} claim
     * @param clients the {@code clients} claim ({@code *} for every client)
     */
    public String mint(
            String issuer,
            String subject,
            Collection<String> roles,
            Collection<String> clients,
            Duration ttl,
            Clock clock) {
        Instant now = clock.instant();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(issuer)
                .subject(subject)
                .id(UUID.randomUUID().toString())
                .issuedAt(now)
                .notBefore(now)
                .expiresAt(now.plus(ttl))
                .claim("name", subject)
                .claim("roles", List.copyOf(roles))
                .claim("clients", List.copyOf(clients))
                .build();
        return encoder.encode(JwtEncoderParameters.from(claims)).getTokenValue();
    }
}
