package dev.touchflow.dispatch.send;

import dev.touchflow.platform.r2dbc.SqlParameters;
import io.r2dbc.spi.Readable;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Repository
class SendRepository {

    static final String INTERRUPTED = "interrupted while handing the message to the server; not resent automatically";

    private final DatabaseClient db;

    SendRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Queues a send unless this enrollment's step already has one on this channel; true when queued. */
    Mono<Boolean> add(Send send, SignedFields signed) {
        return db.sql("""
                        INSERT INTO sales_send_queue (id, draft_id, enrollment_id, step_number, channel, client_id,
                            contact_id, correlation_id, campaign_slug, to_id, contact_name, subject, body, content_hash,
                            approved_by, requires_personal_send, status, not_before, undo_until, new_thread, created_at,
                            updated_at, draft_version, campaign_version, approved_at, signature, signing_key_id)
                        VALUES (:id, :draftId, :enrollmentId, :step, :channel, :clientId, :contactId, :correlationId,
                            :slug, :toId, :contactName, :subject, :body, :hash, :approvedBy, :personal, :status,
                            :notBefore, :undoUntil, :newThread, :at, :at, :draftVersion, :campaignVersion, :approvedAt,
                            :signature, :keyId)
                        ON CONFLICT (enrollment_id, step_number, channel) DO NOTHING""")
                .bind("draftVersion", signed.draftVersion())
                .bind("campaignVersion", signed.campaignVersion())
                .bind("approvedAt", signed.approvedAt())
                .bind(
                        "signature",
                        Parameter.fromOrEmpty(
                                signed.signature() == null ? null : ByteBuffer.wrap(signed.signature()),
                                ByteBuffer.class))
                .bind("keyId", Parameter.fromOrEmpty(signed.keyId(), String.class))
                .bind("id", send.id())
                .bind("draftId", send.touch().draftId())
                .bind("enrollmentId", send.touch().enrollmentId())
                .bind("step", send.touch().stepNumber())
                .bind("channel", send.touch().channel())
                .bind("clientId", send.clientId())
                .bind("contactId", send.touch().contactId())
                .bind("correlationId", send.touch().correlationId())
                .bind("slug", send.touch().campaignSlug())
                .bind("toId", send.content().toId())
                .bind("contactName", Parameter.fromOrEmpty(send.content().contactName(), String.class))
                .bind("subject", Parameter.fromOrEmpty(send.content().subject(), String.class))
                .bind("body", send.content().body())
                .bind("hash", send.content().contentHash())
                .bind("approvedBy", send.decision().approvedBy())
                .bind("personal", send.decision().requiresPersonalSend())
                .bind("status", send.status().wire())
                .bind("notBefore", send.progress().notBefore())
                .bind("undoUntil", send.progress().undoUntil())
                .bind("newThread", send.envelope().newThread())
                .bind("at", send.createdAt())
                .fetch()
                .rowsUpdated()
                .map(inserted -> inserted == 1);
    }

    /** The fields of a send's approval that its row does not otherwise hold, with drafting-service's signature. */
    public record SignedFields(
            int draftVersion, int campaignVersion, Instant approvedAt, byte[] signature, String keyId) {}

    Mono<SignedFields> signedFields(UUID id) {
        return db.sql(
                        "SELECT draft_version, campaign_version, approved_at, signature, signing_key_id FROM sales_send_queue"
                                + " WHERE id = :id")
                .bind("id", id)
                .map(row -> {
                    ByteBuffer signature = row.get("signature", ByteBuffer.class);
                    byte[] bytes = null;
                    if (signature != null) {
                        bytes = new byte[signature.remaining()];
                        signature.get(bytes);
                    }
                    return new SignedFields(
                            row.get("draft_version", Integer.class),
                            row.get("campaign_version", Integer.class),
                            row.get("approved_at", Instant.class),
                            bytes,
                            row.get("signing_key_id", String.class));
                })
                .first();
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

    /** An approval refused on arrival, kept apart from the queue; false when this event was refused before. */
    Mono<Boolean> addRefusedApproval(
            String eventId, Send send, String draftId, String enrollmentId, String reason, Instant now) {
        return db.sql("""
                        INSERT INTO refused_approvals (event_id, id, draft_id, enrollment_id, step_number, channel, client_id,
                            contact_id, campaign_slug, to_id, subject, approved_by, reason, received_at)
                        VALUES (:eventId, :id, :draftId, :enrollmentId, :step, :channel, :clientId, :contactId, :slug, :toId,
                            :subject, :approvedBy, :reason, :now)
                        ON CONFLICT (event_id) DO NOTHING""")
                .bind("eventId", eventId)
                .bind("id", send.id())
                .bind("draftId", draftId)
                .bind("enrollmentId", enrollmentId)
                .bind("step", send.touch().stepNumber())
                .bind("channel", send.touch().channel())
                .bind("clientId", send.clientId())
                .bind("contactId", send.touch().contactId())
                .bind("slug", send.touch().campaignSlug())
                .bind("toId", send.content().toId())
                .bind("subject", Parameter.fromOrEmpty(send.content().subject(), String.class))
                .bind("approvedBy", send.decision().approvedBy())
                .bind("reason", reason)
                .bind("now", now)
                .fetch()
                .rowsUpdated()
                .map(inserted -> inserted == 1);
    }

    /** Approvals refused on arrival, of these clients (null: every client), shaped as sends with status refused. */
    Flux<Send> refusedApprovals(List<String> clients, int limit, int offset) {
        return db.sql("""
                        SELECT * FROM refused_approvals WHERE (:clients::text[] IS NULL OR client_id = ANY(:clients))
                        ORDER BY received_at, event_id LIMIT :limit OFFSET :offset""")
                .bind("clients", SqlParameters.textArray(clients))
                .bind("limit", limit)
                .bind("offset", offset)
                .map(row -> new Send(
                        row.get("id", UUID.class),
                        new Touch(
                                uuidOrNull(row.get("draft_id", String.class)),
                                uuidOrNull(row.get("enrollment_id", String.class)),
                                row.get("step_number", Integer.class),
                                row.get("channel", String.class),
                                row.get("client_id", String.class),
                                row.get("contact_id", String.class),
                                null,
                                row.get("campaign_slug", String.class)),
                        new Content(row.get("to_id", String.class), null, row.get("subject", String.class), "", null),
                        new Decision(row.get("approved_by", String.class), false, null),
                        Progress.refused(row.get("reason", String.class)),
                        Envelope.unsent(false),
                        row.get("received_at", Instant.class)))
                .all();
    }

    private static UUID uuidOrNull(String text) {
        try {
            return text == null ? null : UUID.fromString(text);
        } catch (IllegalArgumentException notAnId) {
            return null;
        }
    }

    /** The ids of pending sends that are due, oldest first; each is then admitted in its own transaction. */
    Flux<UUID> due(Instant now, int limit) {
        return db.sql("""
                        SELECT id FROM sales_send_queue WHERE status = 'pending' AND not_before <= :now
                        ORDER BY not_before, id LIMIT :limit""")
                .bind("now", now)
                .bind("limit", limit)
                .map(row -> row.get("id", UUID.class))
                .all();
    }

    /** Locks a pending, due send for this transaction; empty when another instance has it or it moved on. */
    Mono<Send> lockDue(UUID id, Instant now) {
        return db.sql("""
                        SELECT * FROM sales_send_queue WHERE id = :id AND status = 'pending' AND not_before <= :now
                        FOR UPDATE SKIP LOCKED""")
                .bind("id", id)
                .bind("now", now)
                .map(SendRepository::toSend)
                .first();
    }

    /**
     * Marks the send {@code sending}, with the mailbox, Message-ID and thread it leaves with. The
     * caller commits this before talking to any server: a crash after it leaves the send
     * {@code sending}, later {@code unknown}, never sent twice.
     */
    Mono<Boolean> markSending(UUID id, Envelope envelope, Instant now) {
        return db.sql("""
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
                .fetch()
                .rowsUpdated()
                .map(updated -> updated == 1);
    }

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
     * The thread a send continues: the Message-IDs of the enrollment's emails sent before this step,
     * oldest first, from the last one that started a new thread. Empty for a send that starts one.
     */
    Mono<List<String>> thread(Send send) {
        if (send.envelope().newThread()) {
            return Mono.just(List.of());
        }
        return db.sql("""
                        SELECT message_id, new_thread FROM sales_send_queue
                        WHERE enrollment_id = :id AND step_number < :step AND channel = 'email' AND status = 'sent'
                            AND message_id IS NOT NULL
                        ORDER BY step_number""")
                .bind("id", send.touch().enrollmentId())
                .bind("step", send.touch().stepNumber())
                .map(row -> Map.entry(
                        row.get("message_id", String.class), Boolean.TRUE.equals(row.get("new_thread", Boolean.class))))
                .all()
                .collectList()
                .map(sent -> {
                    List<String> thread = new ArrayList<>();
                    for (var message : sent) {
                        if (message.getValue()) {
                            thread.clear();
                        }
                        thread.add(message.getKey());
                    }
                    return thread;
                });
    }

    /** Cancels a send a person may still cancel: pending within its undo window, or a task not done. */
    Mono<Send> cancel(UUID id, String reason, Instant now) {
        return db.sql("""
                        UPDATE sales_send_queue SET status = 'cancelled', last_error = :reason, updated_at = :now
                        WHERE id = :id AND (status = 'pending' AND undo_until > :now OR status = 'task') RETURNING *""")
                .bind("id", id)
                .bind("reason", reason)
                .bind("now", now)
                .map(SendRepository::toSend)
                .first();
    }

    /** Cancels every waiting send and task of a contact; returns them. */
    Flux<Send> cancelContact(String clientId, String contactId, String reason, Instant now) {
        return cancelWaitingWhere(
                "client_id = :clientId AND contact_id = :contactId",
                Map.of("clientId", clientId, "contactId", contactId),
                reason,
                now);
    }

    /** Cancels what still waits for one enrollment: sends in their undo window or queue, and open tasks. */
    Flux<Send> cancelEnrollment(UUID enrollmentId, String reason, Instant now) {
        return cancelWaitingWhere("enrollment_id = :enrollmentId", Map.of("enrollmentId", enrollmentId), reason, now);
    }

    /** Puts a send back in the queue: a dead or failed one, and an unknown one only when {@code unknownToo}. */
    Mono<Send> requeue(UUID id, boolean unknownToo, Instant now) {
        return db.sql("""
                        UPDATE sales_send_queue SET status = 'pending', attempts = 0, not_before = :now, updated_at = :now
                        WHERE id = :id AND (status IN ('dead', 'failed') OR (status = 'unknown' AND :unknownToo))
                        RETURNING *""")
                .bind("id", id)
                .bind("now", now)
                .bind("unknownToo", unknownToo)
                .map(SendRepository::toSend)
                .first();
    }

    /** A person did a task: the touch is sent. */
    Mono<Send> done(UUID id, String by, Instant now) {
        return db.sql("""
                        UPDATE sales_send_queue SET status = 'sent', done_by = :by, sent_at = :now, updated_at = :now
                        WHERE id = :id AND status = 'task' RETURNING *""")
                .bind("id", id)
                .bind("by", by)
                .bind("now", now)
                .map(SendRepository::toSend)
                .first();
    }

    Mono<Void> addLinks(UUID sendId, List<String> links) {
        return Flux.range(0, links.size())
                .concatMap(i -> db.sql(
                                "INSERT INTO send_links (send_id, idx, url) VALUES (:id, :idx, :url) ON CONFLICT DO NOTHING")
                        .bind("id", sendId)
                        .bind("idx", i)
                        .bind("url", links.get(i))
                        .then())
                .then();
    }

    Mono<String> link(UUID sendId, int idx) {
        return db.sql("SELECT url FROM send_links WHERE send_id = :id AND idx = :idx")
                .bind("id", sendId)
                .bind("idx", idx)
                .map(row -> row.get("url", String.class))
                .first();
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
                .map(SendRepository::toMaybeSent)
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
                .map(SendRepository::toMaybeSent)
                .all();
    }

    /** Cancels the sends of a draft that are still waiting; returns them. */
    Flux<Send> cancelWaiting(UUID draftId, String reason, Instant now) {
        return cancelWaitingWhere("draft_id = :draftId", Map.of("draftId", draftId), reason, now);
    }

    /** Cancels the waiting sends and open tasks the condition selects, with the reason; returns them. */
    private Flux<Send> cancelWaitingWhere(String condition, Map<String, Object> keys, String reason, Instant now) {
        Map<String, Object> values = new HashMap<>(keys);
        values.put("reason", reason);
        values.put("now", now);
        return db.sql("UPDATE sales_send_queue SET status = 'cancelled', last_error = :reason, updated_at = :now WHERE "
                        + condition + " AND status IN ('pending', 'task') RETURNING *")
                .bindValues(values)
                .map(SendRepository::toSend)
                .all();
    }

    Mono<Send> find(UUID id) {
        return db.sql("SELECT * FROM sales_send_queue WHERE id = :id")
                .bind("id", id)
                .map(SendRepository::toSend)
                .first();
    }

    /** Sends with this status (null: any), of these clients (null: every client). */
    Flux<Send> withStatus(SendStatus status, List<String> clients, int limit, int offset) {
        return db.sql("""
                        SELECT * FROM sales_send_queue
                        WHERE (:status::text IS NULL OR status = :status)
                          AND (:clients::text[] IS NULL OR client_id = ANY(:clients))
                        ORDER BY created_at, id LIMIT :limit OFFSET :offset""")
                .bind("status", Parameter.fromOrEmpty(status == null ? null : status.wire(), String.class))
                .bind("clients", SqlParameters.textArray(clients))
                .bind("limit", limit)
                .bind("offset", offset)
                .map(SendRepository::toSend)
                .all();
    }

    private static MaybeSent toMaybeSent(Readable row) {
        return new MaybeSent(toSend(row), row.get("claimed_at", Instant.class));
    }

    private static Send toSend(Readable row) {
        return new Send(
                row.get("id", UUID.class),
                new Touch(
                        row.get("draft_id", UUID.class),
                        row.get("enrollment_id", UUID.class),
                        row.get("step_number", Integer.class),
                        row.get("channel", String.class),
                        row.get("client_id", String.class),
                        row.get("contact_id", String.class),
                        row.get("correlation_id", String.class),
                        row.get("campaign_slug", String.class)),
                new Content(
                        row.get("to_id", String.class),
                        row.get("contact_name", String.class),
                        row.get("subject", String.class),
                        row.get("body", String.class),
                        row.get("content_hash", String.class)),
                new Decision(
                        row.get("approved_by", String.class),
                        row.get("requires_personal_send", Boolean.class),
                        row.get("done_by", String.class)),
                new Progress(
                        SendStatus.of(row.get("status", String.class)),
                        row.get("attempts", Integer.class),
                        row.get("last_error", String.class),
                        row.get("not_before", Instant.class),
                        row.get("undo_until", Instant.class),
                        row.get("sent_at", Instant.class)),
                new Envelope(
                        row.get("mailbox", String.class),
                        row.get("from_address", String.class),
                        row.get("message_id", String.class),
                        row.get("provider_message_id", String.class),
                        row.get("in_reply_to", String.class),
                        row.get("thread_refs", String.class),
                        Boolean.TRUE.equals(row.get("tracked", Boolean.class)),
                        Boolean.TRUE.equals(row.get("new_thread", Boolean.class))),
                row.get("created_at", Instant.class));
    }
}
