package dev.touchflow.replies.review;

import dev.touchflow.platform.r2dbc.SqlParameters;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Received messages as people review them: listed, locked for a decision, and relabelled. */
@Repository
class ReviewedReplies {

    private final DatabaseClient db;

    ReviewedReplies(DatabaseClient db) {
        this.db = db;
    }

    /** A reply as a person's decision needs it, locked until the transaction ends. */
    record OnRecord(
            String clientId,
            String contactId,
            UUID enrollmentId,
            String eventId,
            String status,
            String inReplyTo,
            String correlationId) {}

    /** A page of received messages of these clients (all, when null), oldest first, in one status or any. */
    Flux<Map<String, Object>> list(String status, List<String> clients, int limit, int offset) {
        return db.sql("""
                        SELECT id, client_id, message_id, source, from_address, subject, received_at, new_text, automatic,
                            bounce_kind, bounce_recipient, bounce_status, left_company, matched_by, send_id, enrollment_id,
                            contact_id, status, label, confidence, return_date, referral_email, decided_by, decision
                        FROM received_messages
                        WHERE (:status::text IS NULL OR status = :status)
                          AND (:clients::text[] IS NULL OR client_id = ANY(:clients))
                        ORDER BY created_at, id LIMIT :limit OFFSET :offset""")
                .bind("status", Parameter.fromOrEmpty(status, String.class))
                .bind("clients", SqlParameters.textArray(clients))
                .bind("limit", limit)
                .bind("offset", offset)
                .map(row -> {
                    Map<String, Object> reply = new LinkedHashMap<>();
                    for (String column : new String[] {
                        "client_id",
                        "message_id",
                        "source",
                        "from_address",
                        "subject",
                        "new_text",
                        "bounce_kind",
                        "bounce_recipient",
                        "bounce_status",
                        "matched_by",
                        "contact_id",
                        "status",
                        "label",
                        "referral_email",
                        "decided_by",
                        "decision"
                    }) {
                        reply.put(column, row.get(column, String.class));
                    }
                    reply.put("id", row.get("id", UUID.class));
                    reply.put("received_at", row.get("received_at", Instant.class));
                    reply.put("automatic", row.get("automatic", Boolean.class));
                    reply.put("left_company", row.get("left_company", Boolean.class));
                    reply.put("send_id", row.get("send_id", UUID.class));
                    reply.put("enrollment_id", row.get("enrollment_id", UUID.class));
                    reply.put("confidence", row.get("confidence", Double.class));
                    reply.put("return_date", row.get("return_date", LocalDate.class));
                    return reply;
                })
                .all();
    }

    /** The reply a person is deciding, locked for the decision; empty when there is none. */
    Mono<OnRecord> lockForDecision(UUID id) {
        return db.sql("""
                        SELECT r.client_id, r.contact_id, r.enrollment_id, r.event_id, r.status, s.message_id AS in_reply_to,
                            s.correlation_id
                        FROM received_messages r LEFT JOIN sent_messages s ON s.send_id = r.send_id
                        WHERE r.id = :id FOR UPDATE OF r""")
                .bind("id", id)
                .map(row -> new OnRecord(
                        row.get("client_id", String.class),
                        row.get("contact_id", String.class),
                        row.get("enrollment_id", UUID.class),
                        row.get("event_id", String.class),
                        row.get("status", String.class),
                        row.get("in_reply_to", String.class),
                        row.get("correlation_id", String.class)))
                .first();
    }

    /** A person's label, recorded with the event that publishes it. */
    Mono<Void> recordDecision(
            UUID id,
            String label,
            LocalDate returnDate,
            String referralEmail,
            String decision,
            String eventId,
            String bounceKind,
            boolean leftCompany) {
        return db.sql("""
                        UPDATE received_messages SET status = 'classified', label = :label, confidence = 1.0,
                            return_date = :returnDate, referral_email = :referral, decided_by = 'person',
                            decision = :decision, event_id = :eventId,
                            bounce_kind = COALESCE(:bounceKind, bounce_kind), left_company = :leftCompany
                        WHERE id = :id""")
                .bind("bounceKind", Parameter.fromOrEmpty(bounceKind, String.class))
                .bind("leftCompany", leftCompany)
                .bind("id", id)
                .bind("label", label)
                .bind("returnDate", Parameter.fromOrEmpty(returnDate, LocalDate.class))
                .bind("referral", Parameter.fromOrEmpty(referralEmail, String.class))
                .bind("decision", decision)
                .bind("eventId", eventId)
                .then();
    }
}
