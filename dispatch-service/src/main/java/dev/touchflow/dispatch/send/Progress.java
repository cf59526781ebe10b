package dev.touchflow.dispatch.send;

import java.time.Instant;

/**
 * Where a send stands and when it may move.
 *
 * @param lastError the last failure, or why it was cancelled, deferred or refused
 * @param notBefore it does not leave before this (its undo window, a mailbox's next free moment, a retry's backoff)
 * @param undoUntil until when a person can still cancel it
 */
public record Progress(
        SendStatus status, int attempts, String lastError, Instant notBefore, Instant undoUntil, Instant sentAt) {

    /** Just queued: it leaves when its undo window closes, or waits for a person as a task. */
    static Progress queued(boolean automatic, Instant undoUntil) {
        return new Progress(automatic ? SendStatus.PENDING : SendStatus.TASK, 0, null, undoUntil, undoUntil, null);
    }

    /** Refused on arrival, with the reason; it never reaches the queue. */
    static Progress refused(String reason) {
        return new Progress(SendStatus.REFUSED, 0, reason, null, null, null);
    }
}
