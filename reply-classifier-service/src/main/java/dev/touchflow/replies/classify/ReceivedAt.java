package dev.touchflow.replies.classify;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * When a message was received, as callers write it: ISO-8601 with an offset, without one (a Date
 * header without a zone: taken as UTC), a date alone, or an RFC 5322 Date header as mail providers
 * pass it on ({@code Tue, 2 Jun 2026 10:00:00 +0200}). Anything else is refused with a reason.
 */
public final class ReceivedAt {

    private ReceivedAt() {}

    /** The day it was written, at the writer's offset when there is one; a blank value is today in UTC. */
    public static LocalDate day(String value) {
        if (value == null || value.isBlank()) {
            return LocalDate.now(ZoneOffset.UTC);
        }
        String text = value.strip();
        try {
            return OffsetDateTime.parse(text).toLocalDate();
        } catch (DateTimeParseException withoutOffset) {
            return instant(text).atOffset(ZoneOffset.UTC).toLocalDate();
        }
    }

    /** The instant: with its offset, or as UTC without one; a date alone is its start in UTC. */
    public static Instant instant(String value) {
        String text = value.strip();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notATime) {
                try {
                    return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notADate) {
                    try {
                        return ZonedDateTime.parse(
                                        text.replaceFirst("\\s*\\([^)]*\\)$", ""), DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant();
                    } catch (DateTimeParseException notAMailDate) {
                        throw new IllegalArgumentException("not an ISO-8601 or RFC 5322 date or time: " + text);
                    }
                }
            }
        }
    }

    /** Reads a JSON string with {@link #instant}: a webhook's {@code date} as lenient as the classify API's. */
    public static final class Deserializer extends ValueDeserializer<Instant> {

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) {
            String text = parser.getValueAsString();
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                return instant(text);
            } catch (IllegalArgumentException e) {
                return (Instant) context.handleWeirdStringValue(Instant.class, text, e.getMessage());
            }
        }
    }
}
