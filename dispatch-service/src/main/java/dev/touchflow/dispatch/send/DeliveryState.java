package dev.touchflow.dispatch.send;

import dev.touchflow.dispatch.limit.Mailboxes;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where a send being delivered stands: each move (sending, deferred, sent, unknown, failed) is one
 * conditional update from the state it must be in, so a move that lost a race changes nothing.
 */
@Repository
class DeliveryState {

    static final String INTERRUPTED = "interrupted while handing the message to the server; not resent automatically";

    private final DatabaseClient db;

    DeliveryState(DatabaseClient db) {
        this.db = db;
    }

    /** A pending send whose approval does not hold any more: refused, never sent. */
    Mono<Void> refuse(UUID id, String reason, Instant now) {
        return db.sql("""
                        UPDATE sales_send_queue SET status = 'refused', last_error = :reason, updated_at = :now
                        WHERE id = :id AND status = 'pending'""")
                .bind("id", id)
                .bind("reason", reason)
                .bind("now", now)
                .then();
    }

    /**
     * Marks the send {@code sending}, with the mailbox, Message-ID and thread it leaves with, and
     * counts it against the mailbox slot it took ({@code slot} null: a touch that takes none). The
     * caller commits this before talking to any server: a crash after it leaves the send
     * {@code sending}, later {@code unknown}, never sent twice.
     */
    Mono<Boolean> markSending(UUID id, Envelope envelope, Instant now, Slot slot) {
        return db.sql("WITH " + Mailboxes.RESERVING + "\n" + """
                        UPDATE sales_send_queue SET status = 'sending', attempts = attempts + 1, claimed_at = :now,
                            mailbox = :mailbox, from_address = :from, message_id = :messageId, in_reply_to = :inReplyTo,
                            thread_refs = :refs, tracked = :tracked, updated_at = :now
                        WHERE id = :id AND status = 'pending'""")
                .bind("id", id)
                .bind("mailbox", Parameter.fromOrEmpty(envelope.mailbox(), String.class))
                .bind("from", Parameter.fromOrEmpty(envelope.fromAddress(), String.class))
                .bind("messageId", Parameter.fromOrEmpty(envelope.messageId(), String.class))
                .bind("inReplyTo", Parameter.fromOrEmpty(envelope.inReplyTo(), String.class))
                .bind("refs", Parameter.fromOrEmpty(envelope.threadRefs(), String.class))
                .bind("tracked", envelope.tracked())
                .bind("now", now)
                .bind("slot", Parameter.fromOrEmpty(slot == null ? null : slot.mailbox(), String.class))
                .bind("day", Parameter.fromOrEmpty(slot == null ? null : slot.day(), LocalDate.class))
                .bind("next", Parameter.fromOrEmpty(slot == null ? null : slot.nextFreeAt(), Instant.class))
                .fetch()
                .rowsUpdated()
                .map(updated -> updated == 1);
    }

    /** The place a send takes in its mailbox's day and pace: counted on {@code day}, the mailbox quiet until {@code nextFreeAt}. */
    record Slot(String mailbox, LocalDate day, Instant nextFreeAt) {}

    /** A pending send that may not go yet waits until {@code notBefore}, saying why. */
    Mono<Void> defer(UUID id, String mailbox, Instant notBefore, String reason, Instant now) {
        return db.sql("""
                        UPDATE sales_send_queue SET mailbox = :mailbox, not_before = :notBefore, last_error = :reason,
                            updated_at = :now
                        WHERE id = :id AND status = 'pending'""")
                .bind("id", id)
                .bind("mailbox", mailbox)
                .bind("notBefore", notBefore)
                .bind("reason", reason)
                .bind("now", now)
                .then();
    }

    /**
     * The server took it. A send the stale check marked {@code unknown} while this was being recorded
     * (the database was down for that long) is known after all.
     */
    Mono<Void> markSent(UUID id, String providerMessageId, Instant at) {
        return db.sql("""
                        UPDATE sales_send_queue SET status = 'sent', sent_at = :at, updated_at = :at, last_error = NULL,
                            provider_message_id = :providerId
                        WHERE id = :id AND status IN ('sending', 'unknown')""")
                .bind("id", id)
                .bind("at", at)
                .bind("providerId", Parameter.fromOrEmpty(providerMessageId, String.class))
                .then();
    }

    /** The breaker refused the attempt before any server was spoken to: back to the queue, not counted. */
    Mono<Void> release(UUID id, Instant now) {
        return db.sql("""
                        UPDATE sales_send_queue SET status = 'pending', attempts = attempts - 1, not_before = :now,
                            updated_at = :now
                        WHERE id = :id AND status = 'sending'""").bind("id", id).bind("now", now).then();
    }

    Mono<Void> retryLater(UUID id, String error, Instant notBefore, Instant now) {
        return db.sql("""
                        UPDATE sales_send_queue SET status = 'pending', last_error = :error, not_before = :notBefore,
                            updated_at = :now
                        WHERE id = :id AND status = 'sending'""")
                .bind("id", id)
                .bind("error", error)
                .bind("notBefore", notBefore)
                .bind("now", now)
                .then();
    }

    /** A send that may have left, and since when it may have: the moment it was handed over (claimed). */
    record MaybeSent(Send send, Instant since) {}

    /**
     * The message may have left, and nobody can say: {@code unknown}, never resent by itself, a person
     * decides. Returns the send, or nothing when it was not sending.
     */
    Mono<MaybeSent> markUnknown(UUID id, String error, Instant now) {
        return db.sql("""
                        UPDATE sales_send_queue SET status = 'unknown', last_error = :error, updated_at = :now
                        WHERE id = :id AND status = 'sending' RETURNING *""")
                .bind("id", id)
                .bind("error", error)
                .bind("now", now)
                .map(SendRows::toMaybeSent)
                .one();
    }

    Mono<Void> fail(UUID id, SendStatus status, String error, Instant now) {
        return db.sql("""
                        UPDATE sales_send_queue SET status = :status, last_error = :error, updated_at = :now
                        WHERE id = :id AND status = 'sending'""")
                .bind("id", id)
                .bind("status", status.wire())
                .bind("error", error)
                .bind("now", now)
                .then();
    }

    /** A pending send that can never go as it is: failed, with the reason. */
    Mono<Void> failPending(UUID id, String error, Instant now) {
        return db.sql("""
                        UPDATE sales_send_queue SET status = 'failed', last_error = :error, updated_at = :now
                        WHERE id = :id AND status = 'pending'""").bind("id", id).bind("error", error).bind("now", now).then();
    }

    /** Sends cut off mid-flight by a crash: their outcome is unknown and a person decides; returns them. */
    Flux<MaybeSent> markStaleSendingUnknown(Instant now, Duration staleAfter) {
        return db.sql("""
                        UPDATE sales_send_queue SET status = 'unknown', updated_at = :now, last_error = :error
                        WHERE status = 'sending' AND claimed_at < :cutoff RETURNING *""")
                .bind("now", now)
                .bind("cutoff", now.minus(staleAfter))
                .bind("error", INTERRUPTED)
                .map(SendRows::toMaybeSent)
                .all();
    }
}
