package dev.touchflow.replies.inbound;

import dev.touchflow.platform.r2dbc.SqlParameters;
import dev.touchflow.replies.thread.SentMessage;
import io.r2dbc.postgresql.codec.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Every message received, as kept in {@code received_messages}: the one place its SQL lives. */
@Repository
public class ReceivedMessages {

    private final DatabaseClient db;
    private final JsonMapper json;

    ReceivedMessages(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /** A message kept unmatched, and where it came from ({@code webhook} or {@code imap}). */
    record Waiting(String source, InboundEmail email) {}

    /** A reply as a person's decision needs it, locked until the transaction ends. */
    public record OnRecord(
            String clientId,
            String contactId,
            UUID enrollmentId,
            String eventId,
            String status,
            String inReplyTo,
            String correlationId) {}

    /**
     * Taken, until the transaction ends, by a message being matched and by a sent message taking in what
     * waited for it, per client. Without it the two could pass each other: the message, matched while the
     * touch's index row was not yet committed, is kept unmatched, and the touch's look for waiting
     * messages, made before that row was committed, finds nothing, so an opt-out stayed unmatched for
     * good (found by the fault suite, seed 21). Whichever comes second now sees what the first committed.
     */
    Mono<Void> lockMatching(String clientId) {
        return db.sql("SELECT pg_advisory_xact_lock(hashtext(:key))")
                .bind("key", "replies.matching:" + clientId)
                .fetch()
                .rowsUpdated()
                .then();
    }

    /** What became of a message received before, by its Message-ID. */
    Mono<ReceivingReplies.Receipt> existing(String clientId, String messageId) {
        return db.sql("""
                        SELECT id, status, matched_by, send_id, enrollment_id, contact_id, label FROM received_messages
                        WHERE client_id = :clientId AND message_id = :messageId""")
                .bind("clientId", clientId)
                .bind("messageId", messageId)
                .map(row -> new ReceivingReplies.Receipt(
                        row.get("id", UUID.class),
                        true,
                        row.get("status", String.class),
                        row.get("matched_by", String.class),
                        row.get("send_id", UUID.class),
                        row.get("enrollment_id", UUID.class),
                        row.get("contact_id", String.class),
                        row.get("label", String.class)))
                .first();
    }

    /**
     * Removes and returns the unmatched messages that may answer this touch: received after it was sent,
     * give or take a minute of clock difference, and naming its Message-ID or its recipient.
     */
    Flux<Waiting> takeUnmatchedAnswering(SentMessage sent) {
        String address = sent.toId() == null ? "" : sent.toId().toLowerCase(Locale.ROOT);
        return db.sql("""
                        DELETE FROM received_messages
                        WHERE client_id = :clientId AND status = 'unmatched' AND created_at >= :since
                          AND (strpos(lower(from_address), :address) > 0 OR lower(bounce_recipient) = :address
                               OR strpos(headers::text, :messageId) > 0 OR strpos(raw, :messageId) > 0)
                        RETURNING source, from_address, to_address, subject, received_at, headers, body_text, body_html, raw""")
                .bind("clientId", sent.clientId())
                .bind("since", sent.sentAt().minus(Duration.ofMinutes(1)))
                .bind("address", address)
                .bind("messageId", sent.messageId())
                .map(row -> {
                    Map<String, String> headers = new LinkedHashMap<>();
                    json.readTree(row.get("headers", Json.class).asString())
                            .properties()
                            .forEach(header -> headers.put(
                                    header.getKey(), header.getValue().asString()));
                    return new Waiting(
                            row.get("source", String.class),
                            new InboundEmail(
                                    row.get("from_address", String.class),
                                    row.get("to_address", String.class),
                                    row.get("subject", String.class),
                                    row.get("received_at", Instant.class),
                                    headers,
                                    row.get("body_text", String.class),
                                    row.get("body_html", String.class),
                                    row.get("raw", String.class)));
                })
                .all();
    }

    /** Stores a message taken in; whether it was new (a message already kept by its Message-ID is left alone). */
    Mono<Boolean> insert(Map<String, Object> values) {
        return db.sql("""
                        INSERT INTO received_messages (id, client_id, message_id, source, from_address, to_address, subject,
                            received_at, headers, body_text, body_html, raw, new_text, automatic, bounce_kind,
                            bounce_recipient, bounce_status, left_company, matched_by, send_id, enrollment_id, contact_id,
                            status, created_at, label, confidence, return_date, referral_email, decided_by, decision, event_id)
                        VALUES (:id, :clientId, :messageId, :source, :from, :to, :subject, :receivedAt, :headers, :text,
                            :html, :raw, :newText, :automatic, :bounceKind, :bounceRecipient, :bounceStatus, :leftCompany,
                            :matchedBy, :sendId,
                            :enrollmentId, :contactId, :status, :now, :label, :confidence, :returnDate, :referral,
                            :decidedBy, :decision, :eventId)
                        ON CONFLICT (client_id, message_id) DO NOTHING""").bindValues(values).fetch().rowsUpdated().map(inserted -> inserted == 1);
    }

    /** A page of received messages of these clients (all, when null), oldest first, in one status or any. */
    public Flux<Map<String, Object>> list(String status, List<String> clients, int limit, int offset) {
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
    public Mono<OnRecord> lockForDecision(UUID id) {
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
    public Mono<Void> recordDecision(
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
