package dev.touchflow.replies.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The inbound webhook's signature: {@code X-Touchflow-Signature: sha256=<hex>}, the HMAC-SHA256 under
 * the client's secret of {@code <X-Touchflow-Client>.<X-Touchflow-Timestamp>.<body>}, the timestamp in
 * epoch seconds and within the tolerance of now. The client id is signed, so a request signed for one
 * client never counts for another, even one with the same secret. Compared in constant time.
 */
public final class WebhookSignatures {

    private WebhookSignatures() {}

    public static String sign(String secret, String client, long timestamp, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(mac(secret, client, timestamp, body));
    }

    /** Why the request is refused, or null when it is signed and fresh. */
    public static String refusal(
            String secret,
            String client,
            String timestamp,
            String signature,
            byte[] body,
            Instant now,
            Duration tolerance) {
        if (secret == null || secret.isBlank()) {
            return "no webhook secret is configured for this client";
        }
        if (timestamp == null || signature == null) {
            return "the request is not signed (X-Touchflow-Timestamp and X-Touchflow-Signature)";
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return "X-Touchflow-Timestamp is not epoch seconds";
        }
        if (Duration.between(Instant.ofEpochSecond(seconds), now).abs().compareTo(tolerance) > 0) {
            return "the signature's timestamp is more than " + tolerance.toMinutes() + " minutes from now";
        }
        byte[] expected = ("sha256=" + HexFormat.of().formatHex(mac(secret, client, seconds, body)))
                .getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, signature.strip().getBytes(StandardCharsets.UTF_8))) {
            return "the signature does not match";
        }
        return null;
    }

    private static byte[] mac(String secret, String client, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((client + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
