package dev.touchflow.dispatch.send;

import dev.touchflow.platform.r2dbc.SqlParameters;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Approvals refused on arrival (a forged or altered signature), kept apart from the queue with the reason. */
@Repository
class RefusedApprovals {

    private final DatabaseClient db;

    RefusedApprovals(DatabaseClient db) {
        this.db = db;
    }

    /** An approval refused on arrival, kept apart from the queue; false when this event was refused before. */
    Mono<Boolean> add(String eventId, Send send, String draftId, String enrollmentId, String reason, Instant now) {
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
    Flux<Send> list(List<String> clients, int limit, int offset) {
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
}
