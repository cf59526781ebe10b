package dev.touchflow.drafting.draft;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a draft is: being written, waiting for a person, or decided. */
public enum DraftStatus {
    /** An LLM or an outside agent is writing it. */
    DRAFTING,
    /** Every check passed; a person may approve it. */
    PENDING,
    /** A check failed; a person must edit or regenerate it before it can be approved. */
    NEEDS_ATTENTION,
    APPROVED,
    REJECTED,
    /** Nobody decided within its approval window. */
    EXPIRED,
    /** Its enrollment paused or exited first. */
    WITHDRAWN;

    /** The status as the API, the table and the events spell it. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DraftStatus of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    /** Waiting for a person: pending or needs_attention. */
    public boolean waiting() {
        return this == PENDING || this == NEEDS_ATTENTION;
    }

    @Override
    public String toString() {
        return wire();
    }
}
