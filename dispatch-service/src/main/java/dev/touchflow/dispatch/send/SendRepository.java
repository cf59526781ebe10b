package dev.touchflow.dispatch.send;

import dev.touchflow.platform.tracing.Traces;
import io.r2dbc.spi.Readable;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
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

    private final DatabaseClient db;
    private final Traces traces;

    SendRepository(DatabaseClient db, Traces traces) {
        this.db = db;
        this.traces = traces;
    }

    /**
     * Queues a send unless this enrollment's step already has one on this channel, in the trace of the
     * work that queues it; true when queued.
     */
    Mono<Boolean> add(Send send, SignedFields signed) {
        return Mono.deferContextual(
                context -> add(send, signed, traces.current(context).orElse(null)));
    }

    private Mono<Boolean> add(Send send, SignedFields signed, String traceparent) {
        return db.sql("""
                        INSERT INTO sales_send_queue (id, draft_id, enrollment_id, step_number, channel, client_id,
                            contact_id, correlation_id, campaign_slug, to_id, contact_name, subject, body, content_hash,
                            approved_by, requires_personal_send, status, not_before, undo_until, new_thread, created_at,
                            updated_at, draft_version, campaign_version, approved_at, signature, signing_key_id,
                            traceparent)
                        VALUES (:id, :draftId, :enrollmentId, :step, :channel, :clientId, :contactId, :correlationId,
                            :slug, :toId, :contactName, :subject, :body, :hash, :approvedBy, :personal, :status,
                            :notBefore, :undoUntil, :newThread, :at, :at, :draftVersion, :campaignVersion, :approvedAt,
                            :signature, :keyId, :traceparent)
                        ON CONFLICT (enrollment_id, step_number, channel) DO NOTHING""")
                .bind("traceparent", Parameter.fromOrEmpty(traceparent, String.class))
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

    private static SignedFields signedFields(Readable row) {
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
    }

    /** The ids of pending sends that are due, oldest first; each is then admitted in its own transaction. */
    Flux<DueSend> due(Instant now, int limit) {
        return db.sql("""
                        SELECT id, enrollment_id FROM sales_send_queue WHERE status = 'pending' AND not_before <= :now
                        ORDER BY not_before, id LIMIT :limit""")
                .bind("now", now)
                .bind("limit", limit)
                .map(row -> new DueSend(row.get("id", UUID.class), row.get("enrollment_id", UUID.class)))
                .all();
    }

    /** A send that is due, and the enrollment whose order it keeps. */
    record DueSend(UUID id, UUID enrollmentId) {}

    /** Locks a pending, due send for this transaction; empty when another instance has it or it moved on. */
    Mono<Locked> lockDue(UUID id, Instant now) {
        return db.sql("""
                        SELECT * FROM sales_send_queue WHERE id = :id AND status = 'pending' AND not_before <= :now
                        FOR UPDATE SKIP LOCKED""")
                .bind("id", id)
                .bind("now", now)
                .map(row -> new Locked(SendRows.toSend(row), signedFields(row)))
                .first();
    }

    /** A locked send, with the fields of its approval that are checked against the signature before it goes. */
    record Locked(Send send, SignedFields signed) {}

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

    /** Puts a send back in the queue: a dead or failed one, and an unknown one only when {@code unknownToo}. */
    Mono<Send> requeue(UUID id, boolean unknownToo, Instant now) {
        return db.sql("""
                        UPDATE sales_send_queue SET status = 'pending', attempts = 0, not_before = :now, updated_at = :now
                        WHERE id = :id AND (status IN ('dead', 'failed') OR (status = 'unknown' AND :unknownToo))
                        RETURNING *""")
                .bind("id", id)
                .bind("now", now)
                .bind("unknownToo", unknownToo)
                .map(SendRows::toSend)
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
                .map(SendRows::toSend)
                .first();
    }

    Mono<Send> find(UUID id) {
        return db.sql("SELECT * FROM sales_send_queue WHERE id = :id")
                .bind("id", id)
                .map(SendRows::toSend)
                .first();
    }
}
