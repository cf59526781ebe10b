package dev.touchflow.dispatch.send;

import dev.touchflow.platform.tracing.Traces;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
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
     * work that queues it. Answers why the enrollment sends nothing more when a send was queued for an
     * enrollment that paused or exited meanwhile; empty otherwise.
     */
    Mono<String> add(Send send, SignedFields signed) {
        return Mono.deferContextual(
                context -> add(send, signed, traces.current(context).orElse(null)));
    }

    private Mono<String> add(Send send, SignedFields signed, String traceparent) {
        return db.sql("""
                        WITH added AS (INSERT INTO sales_send_queue (id, draft_id, enrollment_id, step_number, channel, client_id,
                            contact_id, correlation_id, campaign_slug, to_id, contact_name, subject, body, content_hash,
                            approved_by, requires_personal_send, status, not_before, undo_until, new_thread, created_at,
                            updated_at, draft_version, campaign_version, approved_at, signature, signing_key_id,
                            traceparent)
                        VALUES (:id, :draftId, :enrollmentId, :step, :channel, :clientId, :contactId, :correlationId,
                            :slug, :toId, :contactName, :subject, :body, :hash, :approvedBy, :personal, :status,
                            :notBefore, :undoUntil, :newThread, :at, :at, :draftVersion, :campaignVersion, :approvedAt,
                            :signature, :keyId, :traceparent)
                        ON CONFLICT (enrollment_id, step_number, channel) DO NOTHING RETURNING enrollment_id)
                        SELECT h.reason FROM added JOIN enrollment_holds h ON h.enrollment_id = added.enrollment_id""")
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
                .map(row -> row.get("reason", String.class))
                .first();
    }

    /** The fields of a send's approval that its row does not otherwise hold, with drafting-service's signature. */
    public record SignedFields(
            int draftVersion, int campaignVersion, Instant approvedAt, byte[] signature, String keyId) {}

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
