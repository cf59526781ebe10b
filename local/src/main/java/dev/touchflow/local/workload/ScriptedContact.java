package dev.touchflow.local.workload;

import java.time.Instant;

/** A contact of the run, how far their script has gone, and when each step was taken. */
public final class ScriptedContact {
    public final String id;
    public final String email;
    public final Script script;
    volatile boolean routed;
    volatile boolean replied;
    volatile boolean converted;
    volatile Instant bookedAt;
    volatile Instant routedAt;
    volatile Instant repliedAt;

    ScriptedContact(String id, Script script) {
        this.id = id;
        this.email = id + "@acme.example";
        this.script = script;
    }

    /** When the meeting was published; null before. */
    public Instant bookedAt() {
        return bookedAt;
    }

    /** When the routing call that succeeded began; null before. */
    public Instant routedAt() {
        return routedAt;
    }

    /** When the contact's answer was handed to the mail server; null before. */
    public Instant repliedAt() {
        return repliedAt;
    }
}
