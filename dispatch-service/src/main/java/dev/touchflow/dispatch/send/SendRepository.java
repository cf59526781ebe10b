package dev.touchflow.dispatch.send;

import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Repository
class SendRepository {

    private final DatabaseClient db;

    SendRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Queues a send unless this enrollment's step already has one on this channel; true when queued. */
    Mono<Boolean> add(Send send) {
        return db.sql("""
                        INSERT INTO sales_send_queue (id, draft_id, enrollment_id, step_number, channel, client_id,
                            contact_id, correlation_id, campaign_slug, to_id, contact_name, subject, body, content_hash,
                            approved_by, requires_personal_send, status, not_before, created_at, updated_at)
                        VALUES (:id, :draftId, :enrollmentId, :step, :channel, :clientId, :contactId, :correlationId,
                            :slug, :toId, :contactName, :subject, :body, :hash, :approvedBy, :personal, :status,
                            :notBefore, :at, :at)
                        ON CONFLICT (enrollment_id, step_number, channel) DO NOTHING""")
                .bind("id", send.id()).bind("draftId", send.draftId()).bind("enrollmentId", send.enrollmentId())
                .bind("step", send.stepNumber()).bind("channel", send.channel()).bind("clientId", send.clientId())
                .bind("contactId", send.contactId()).bind("correlationId", send.correlationId())
                .bind("slug", send.campaignSlug()).bind("toId", send.toId())
                .bind("contactName", Parameter.fromOrEmpty(send.contactName(), String.class))
                .bind("subject", Parameter.fromOrEmpty(send.subject(), String.class)).bind("body", send.body())
                .bind("hash", send.contentHash()).bind("approvedBy", send.approvedBy())
                .bind("personal", send.requiresPersonalSend()).bind("status", send.status())
                .bind("notBefore", send.notBefore()).bind("at", send.createdAt())
                .fetch().rowsUpdated().map(inserted -> inserted == 1);
    }

    /**
     * Marks up to {@code limit} due pending sends {@code sending} and returns them. The caller
     * commits this before talking to any server: a crash after it leaves the send {@code sending},
     * later {@code unknown}, never sent twice.
     */
    Flux<Send> claimDue(Instant now, int limit) {
        return db.sql("""
                        UPDATE sales_send_queue SET status = 'sending', attempts = attempts + 1, claimed_at = :now,
                            updated_at = :now
                        WHERE id IN (SELECT id FROM sales_send_queue WHERE status = 'pending' AND not_before <= :now
                                     ORDER BY not_before LIMIT :limit FOR UPDATE SKIP LOCKED)
                        RETURNING *""")
                .bind("now", now).bind("limit", limit)
                .map(SendRepository::toSend).all();
    }

    Mono<Void> markSent(UUID id, String from, String messageId, Instant at) {
        return db.sql("""
                        UPDATE sales_send_queue SET status = 'sent', from_address = :from, message_id = :messageId,
                            sent_at = :at, updated_at = :at, last_error = NULL
                        WHERE id = :id AND status = 'sending'""")
                .bind("id", id).bind("from", from).bind("messageId", messageId).bind("at", at)
                .then();
    }

    Mono<Void> retryLater(UUID id, String error, Instant notBefore, Instant now) {
        return db.sql("""
                        UPDATE sales_send_queue SET status = 'pending', last_error = :error, not_before = :notBefore,
                            updated_at = :now
                        WHERE id = :id AND status = 'sending'""")
                .bind("id", id).bind("error", error).bind("notBefore", notBefore).bind("now", now)
                .then();
    }

    Mono<Void> fail(UUID id, String status, String error, Instant now) {
        return db.sql("""
                        UPDATE sales_send_queue SET status = :status, last_error = :error, updated_at = :now
                        WHERE id = :id AND status = 'sending'""")
                .bind("id", id).bind("status", status).bind("error", error).bind("now", now)
                .then();
    }

    /** Sends cut off mid-flight by a crash: their outcome is unknown and a person decides. */
    Mono<Long> markStaleSendingUnknown(Instant now, Duration staleAfter) {
        return db.sql("""
                        UPDATE sales_send_queue SET status = 'unknown', updated_at = :now,
                            last_error = 'interrupted while handing the message to the server; not resent automatically'
                        WHERE status = 'sending' AND claimed_at < :cutoff""")
                .bind("now", now).bind("cutoff", now.minus(staleAfter))
                .fetch().rowsUpdated();
    }

    /** Cancels the sends of a draft that are still waiting; returns them. */
    Flux<Send> cancelWaiting(UUID draftId, String reason, Instant now) {
        return db.sql("""
                        UPDATE sales_send_queue SET status = 'cancelled', last_error = :reason, updated_at = :now
                        WHERE draft_id = :draftId AND status IN ('pending', 'task') RETURNING *""")
                .bind("draftId", draftId).bind("reason", reason).bind("now", now)
                .map(SendRepository::toSend).all();
    }

    Mono<Send> find(UUID id) {
        return db.sql("SELECT * FROM sales_send_queue WHERE id = :id").bind("id", id).map(SendRepository::toSend).first();
    }

    Flux<Send> withStatus(String status, int limit, int offset) {
        String where = status == null ? "" : " WHERE status = :status";
        DatabaseClient.GenericExecuteSpec spec = db.sql("SELECT * FROM sales_send_queue" + where
                        + " ORDER BY created_at, id LIMIT :limit OFFSET :offset")
                .bind("limit", limit).bind("offset", offset);
        return (status == null ? spec : spec.bind("status", status)).map(SendRepository::toSend).all();
    }

    private static Send toSend(Readable row) {
        return new Send(row.get("id", UUID.class), row.get("draft_id", UUID.class), row.get("enrollment_id", UUID.class),
                row.get("step_number", Integer.class), row.get("channel", String.class),
                row.get("client_id", String.class), row.get("contact_id", String.class),
                row.get("correlation_id", String.class), row.get("campaign_slug", String.class),
                row.get("to_id", String.class), row.get("contact_name", String.class), row.get("subject", String.class),
                row.get("body", String.class), row.get("content_hash", String.class),
                row.get("approved_by", String.class), row.get("requires_personal_send", Boolean.class),
                row.get("status", String.class), row.get("attempts", Integer.class), row.get("last_error", String.class),
                row.get("not_before", Instant.class), row.get("from_address", String.class),
                row.get("message_id", String.class), row.get("sent_at", Instant.class),
                row.get("created_at", Instant.class));
    }
}
