package dev.touchflow.dispatch.send;

import dev.touchflow.platform.r2dbc.SqlParameters;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;

/** The queue as the API lists it: by status, or the send an approved draft became. */
@Repository
class ListedSends {

    private final DatabaseClient db;

    ListedSends(DatabaseClient db) {
        this.db = db;
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
                .map(SendRows::toSend)
                .all();
    }

    /** The sends an approved draft became (one, or none yet), of these clients (null: every client). */
    Flux<Send> ofDraft(UUID draftId, List<String> clients) {
        return db.sql("""
                        SELECT * FROM sales_send_queue
                        WHERE draft_id = :draft AND (:clients::text[] IS NULL OR client_id = ANY(:clients))""")
                .bind("draft", draftId)
                .bind("clients", SqlParameters.textArray(clients))
                .map(SendRows::toSend)
                .all();
    }
}
