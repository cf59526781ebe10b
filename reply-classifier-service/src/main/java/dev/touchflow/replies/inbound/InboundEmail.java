package dev.touchflow.replies.inbound;

import dev.touchflow.replies.classify.ReceivedAt;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * An inbound email as a mail provider's webhook posts it.
 *
 * @param date    when it was received: ISO-8601 with or without an offset (then UTC), or an RFC 5322 Date
 * @param headers every header the provider passes on (Message-ID, In-Reply-To, References, Auto-Submitted…)
 * @param raw     the RFC 5322 message, when the provider sends it; kept as it came
 */
public record InboundEmail(
        String from,
        String to,
        String subject,

        @JsonDeserialize(using = ReceivedAt.Deserializer.class)
        Instant date,

        Map<String, String> headers,
        String text,
        String html,
        String raw) {

    public InboundEmail {
        headers = headers == null ? Map.of() : headers;
    }

    /** A header, whatever case the provider wrote its name in. */
    public String header(String name) {
        return headers.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    /** The message's Message-ID, or one made from its content when it has none, so a resend still dedupes. */
    public String messageId() {
        String header = header("Message-ID");
        if (header != null && !header.isBlank()) {
            return header.strip();
        }
        String basis = String.join(
                "\u0000", String.valueOf(from), String.valueOf(date), String.valueOf(subject), String.valueOf(text));
        return "<content-" + UUID.nameUUIDFromBytes(basis.getBytes(StandardCharsets.UTF_8)) + "@touchflow.inbound>";
    }
}
