package dev.touchflow.platform.security;

import com.nimbusds.jose.jwk.JWKSet;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Flux;

/**
 * The decoder of a service's bearer tokens, from exactly one issuer (its URI, a JWK set URI, or a JWK
 * set with the issuer named): the signature, the issuer, the times and, when configured, the audience
 * are checked.
 */
final class TokenDecoders {

    private TokenDecoders() {}

    static ReactiveJwtDecoder of(IdentityProperties identity) {
        List<String> sources = Stream.of(
                        identity.issuerUri() == null ? null : "issuer-uri",
                        identity.jwkSetUri() == null ? null : "jwk-set-uri",
                        identity.jwkSet() == null ? null : "jwk-set")
                .filter(source -> source != null)
                .toList();
        if (sources.size() != 1) {
            throw new IllegalStateException(
                    "touchflow.security: name exactly one issuer of tokens: issuer-uri, or jwk-set-uri "
                            + "or jwk-set with issuer (found "
                            + (sources.isEmpty() ? "none" : String.join(", ", sources)) + ")");
        }
        String issuer = identity.issuerUri() != null ? identity.issuerUri() : identity.issuer();
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalStateException("touchflow.security.issuer: the iss every token must carry is missing");
        }
        NimbusReactiveJwtDecoder decoder;
        if (identity.issuerUri() != null) {
            decoder = NimbusReactiveJwtDecoder.withIssuerLocation(identity.issuerUri())
                    .build();
        } else if (identity.jwkSetUri() != null) {
            decoder =
                    NimbusReactiveJwtDecoder.withJwkSetUri(identity.jwkSetUri()).build();
        } else {
            JWKSet keys = parse(identity.jwkSet());
            decoder = NimbusReactiveJwtDecoder.withJwkSource(token -> Flux.fromIterable(keys.getKeys()))
                    .build();
        }
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(JwtValidators.createDefaultWithIssuer(issuer));
        if (!identity.audiences().isEmpty()) {
            validators.add(new JwtClaimValidator<List<String>>(
                    JwtClaimNames.AUD,
                    audiences -> audiences != null && audiences.stream().anyMatch(identity.audiences()::contains)));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

    private static JWKSet parse(String json) {
        try {
            JWKSet keys = JWKSet.parse(json);
            if (keys.getKeys().stream().anyMatch(key -> key.isPrivate())) {
                throw new IllegalStateException(
                        "touchflow.security.jwk-set holds a private key: give the public keys only");
            }
            return keys;
        } catch (ParseException e) {
            throw new IllegalStateException("touchflow.security.jwk-set is not a JWK set: " + e.getMessage(), e);
        }
    }
}
