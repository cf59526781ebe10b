package dev.touchflow.replies.classify;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * When a message was received, as callers write it: ISO-8601 with an offset, without one (a Date
 * header without a zone: taken as UTC), or a date alone. Anything else is refused with a reason.
 */
public final class ReceivedAt {

    private ReceivedAt() {
    }

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
                    throw new IllegalArgumentException("not an ISO-8601 date or time: " + text);
                }
            }
        }
    }
}
