package dev.touchflow.dispatch.send;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Cancelling what still waits to go: sends in their undo window or queue, and open tasks. */
@Repository
class WaitingSends {

    private final DatabaseClient db;

    WaitingSends(DatabaseClient db) {
        this.db = db;
    }

    /** Cancels a send a person may still cancel: pending within its undo window, or a task not done. */
    Mono<Send> cancel(UUID id, String reason, Instant now) {
        return db.sql("""
                        UPDATE sales_send_queue SET status = 'cancelled', last_error = :reason, updated_at = :now
                        WHERE id = :id AND (status = 'pending' AND undo_until > :now OR status = 'task') RETURNING *""")
                .bind("id", id)
                .bind("reason", reason)
                .bind("now", now)
                .map(SendRows::toSend)
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
                .map(SendRows::toSend)
                .all();
    }
}
