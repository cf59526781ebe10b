package dev.touchflow.dispatch.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.touchflow.dispatch.config.DispatchProperties;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SignedTokensTest {

    private final SignedTokens tokens = tokens("a-secret-of-sixteen-chars");

    @Test
    void aTokenVerifiesForItsPurposeAndSendOnly() {
        UUID send = UUID.randomUUID();
        String click = tokens.issue(SignedTokens.Purpose.CLICK, send, 3);

        assertThat(tokens.verify(click, SignedTokens.Purpose.CLICK))
                .contains(new SignedTokens.Claims(SignedTokens.Purpose.CLICK, send, 3));
        assertThat(tokens.verify(click, SignedTokens.Purpose.OPEN)).isEmpty();
        assertThat(tokens.verify(click, SignedTokens.Purpose.UNSUBSCRIBE)).isEmpty();
    }

    @Test
    void aForgedOrAlteredTokenDoesNotVerify() {
        String token = tokens.issue(SignedTokens.Purpose.UNSUBSCRIBE, UUID.randomUUID(), 0);
        String otherPayload = tokens.issue(SignedTokens.Purpose.UNSUBSCRIBE, UUID.randomUUID(), 0)
                .split("\\.")[0];

        assertThat(tokens.verify(otherPayload + "." + token.split("\\.")[1], SignedTokens.Purpose.UNSUBSCRIBE))
                .isEmpty();
        assertThat(tokens("another-secret-entirely").verify(token, SignedTokens.Purpose.UNSUBSCRIBE))
                .isEmpty();
        assertThat(tokens.verify("not-a-token", SignedTokens.Purpose.UNSUBSCRIBE))
                .isEmpty();
        assertThat(tokens.verify("!!.??", SignedTokens.Purpose.UNSUBSCRIBE)).isEmpty();
    }

    /**
     * The MAC's 16 bytes take 22 Base64 characters, whose last carries 4 bits no byte holds: a token
     * altered only there decodes to the same bytes. RecipientIT's altered link verified so, once.
     */
    @Test
    void aTokenAlteredOnlyInBitsItsEncodingIgnoresDoesNotVerify() {
        String token = tokens.issue(SignedTokens.Purpose.UNSUBSCRIBE, UUID.randomUUID(), 0);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(token.charAt(token.length() - 1));
        String sameBytes = token.substring(0, token.length() - 1) + alphabet.charAt(last ^ 1);

        assertThat(Base64.getUrlDecoder().decode(sameBytes.split("\\.")[1]))
                .isEqualTo(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(tokens.verify(sameBytes, SignedTokens.Purpose.UNSUBSCRIBE)).isEmpty();
        assertThat(tokens.verify(token, SignedTokens.Purpose.UNSUBSCRIBE)).isPresent();
    }

    private static SignedTokens tokens(String secret) {
        return new SignedTokens(new DispatchProperties(
                Duration.ofSeconds(30),
                Duration.ofMillis(250),
                4,
                5,
                Duration.ofSeconds(30),
                Duration.ofMinutes(5),
                Duration.ofSeconds(30),
                new DispatchProperties.Breaker(5, 50, Duration.ofSeconds(30)),
                "touchflow.local",
                "http://127.0.0.1:8084",
                secret,
                Map.of(),
                Map.of(),
                Map.of()));
    }
}
