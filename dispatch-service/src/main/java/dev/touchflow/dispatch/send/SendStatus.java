package dev.touchflow.dispatch.send;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a send is: waiting, leaving, done, or stopped, and why it can be. */
public enum SendStatus {
    /** Queued, in its undo window or waiting for a mailbox; a person may still cancel it. */
    PENDING,
    /** Handed to a server or provider; committed before it is spoken to. */
    SENDING,
    SENT,
    /** Could never go as it is (a permanent refusal, no mailbox). */
    FAILED,
    CANCELLED,
    /** Gave up after the last attempt. */
    DEAD,
    /** May have left; never resent automatically, a person decides. */
    UNKNOWN,
    /** A touch a person makes: a channel nothing sends, or one that must be sent personally. */
    TASK,
    /** Its approval did not hold: never sent. */
    REFUSED;

    /** The status as the API, the table and the logs spell it. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SendStatus of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return wire();
    }
}
