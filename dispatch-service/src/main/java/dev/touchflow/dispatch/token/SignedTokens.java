package dev.touchflow.dispatch.token;

import dev.touchflow.dispatch.config.DispatchProperties;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Tokens in unsubscribe and tracking links: the purpose, the send id and a link index, signed with
 * HMAC-SHA256 under the configured secret. A token is bound to one send and one purpose; one that
 * was forged or altered does not verify. Tokens do not expire (the unsubscribe link must work for
 * at least 60 days); rotating the secret retires them all.
 */
@Component
public class SignedTokens {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int MAC_BYTES = 16;

    /** What a token is for. */
    public enum Purpose {
        UNSUBSCRIBE('u'),
        OPEN('o'),
        CLICK('c');

        private final char code;

        Purpose(char code) {
            this.code = code;
        }
    }

    /** A verified token: which send, and for a click which link. */
    public record Claims(Purpose purpose, UUID sendId, int link) {}

    private final byte[] secret;

    public SignedTokens(DispatchProperties properties) {
        String configured = properties.tokenSecret();
        if (configured == null || configured.length() < 16) {
            throw new IllegalStateException("touchflow.dispatch.token-secret must be set, at least 16 characters");
        }
        this.secret = configured.getBytes(StandardCharsets.UTF_8);
    }

    public String issue(Purpose purpose, UUID sendId, int link) {
        ByteBuffer payload = ByteBuffer.allocate(1 + 16 + 4);
        payload.put((byte) purpose.code)
                .putLong(sendId.getMostSignificantBits())
                .putLong(sendId.getLeastSignificantBits())
                .putInt(link);
        return signed(payload.array());
    }

    private String signed(byte[] payload) {
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(mac(payload));
    }

    /**
     * The claims of a token this service issued, unchanged. The whole token is compared with the one
     * its payload signs to, not only the decoded MAC: Base64's last character carries bits the decoder
     * ignores, so an altered token could otherwise decode to the same bytes and verify.
     */
    public Optional<Claims> verify(String token, Purpose expected) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        try {
            byte[] payload = DECODER.decode(token.substring(0, dot));
            if (payload.length != 21
                    || payload[0] != expected.code
                    || !MessageDigest.isEqual(
                            signed(payload).getBytes(StandardCharsets.US_ASCII),
                            token.getBytes(StandardCharsets.US_ASCII))) {
                return Optional.empty();
            }
            ByteBuffer buffer = ByteBuffer.wrap(payload, 1, 20);
            return Optional.of(new Claims(expected, new UUID(buffer.getLong(), buffer.getLong()), buffer.getInt()));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(payload), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
