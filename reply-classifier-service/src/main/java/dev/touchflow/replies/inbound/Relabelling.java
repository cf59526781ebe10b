package dev.touchflow.replies.inbound;

import dev.touchflow.platform.outbox.OutboundEvent;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.platform.security.Caller;
import dev.touchflow.platform.web.ConflictException;
import dev.touchflow.platform.web.InvalidFieldException;
import dev.touchflow.platform.web.NotFoundException;
import dev.touchflow.replies.classify.Classification;
import dev.touchflow.replies.understand.Bounce;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * A person decides what a reply is: a reply waiting for review is published with their label; a
 * published one is published again as a correction naming the event it replaces. A reply that
 * matched no touch cannot be published, since nobody knows whose sequence it concerns.
 */
@Service
class Relabelling {

    private final DatabaseClient db;
    private final ReplyEvents events;
    private final OutboxWriter outbox;

    private final dev.touchflow.platform.audit.AuditTrail audit;

    Relabelling(
            DatabaseClient db, ReplyEvents events, OutboxWriter outbox, dev.touchflow.platform.audit.AuditTrail audit) {
        this.audit = audit;
        this.db = db;
        this.events = events;
        this.outbox = outbox;
    }

    record Decision(
            @NotBlank
            @Pattern(
                    regexp = "interested|meeting_request|question|referral|later|not_interested|"
                            + "unsubscribe|out_of_office|auto_reply|bounce",
                    message = "must be one of the labels of LABELS.md")
            String label,

            LocalDate returnDate,
            String referralEmail,

            @Pattern(regexp = "hard|soft", message = "must be hard or soft")
            String bounceKind,

            Boolean leftCompany) {}

    /** The caller's decision on a reply of a client it sees (another client's is not there: 404). */
    Mono<Map<String, Object>> decide(UUID id, Decision decision, Caller caller) {
        if ("bounce".equals(decision.label()) && decision.bounceKind() == null) {
            // Only a hard bounce ends the contact's sequences, so a person must say which it is
            return Mono.error(new InvalidFieldException("bounce_kind", "a bounce needs its kind: hard or soft"));
        }
        return db.sql("""
                        SELECT r.client_id, r.contact_id, r.enrollment_id, r.event_id, r.status, s.message_id AS in_reply_to,
                            s.correlation_id
                        FROM received_messages r LEFT JOIN sent_messages s ON s.send_id = r.send_id
                        WHERE r.id = :id FOR UPDATE OF r""")
                .bind("id", id)
                .map(row -> {
                    Map<String, Object> reply = new LinkedHashMap<>();
                    reply.put("client_id", row.get("client_id", String.class));
                    reply.put("contact_id", row.get("contact_id", String.class));
                    reply.put("enrollment_id", row.get("enrollment_id", UUID.class));
                    reply.put("event_id", row.get("event_id", String.class));
                    reply.put("status", row.get("status", String.class));
                    reply.put("in_reply_to", row.get("in_reply_to", String.class));
                    reply.put("correlation_id", row.get("correlation_id", String.class));
                    return reply;
                })
                .first()
                .filter(reply -> caller.sees((String) reply.get("client_id")))
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no reply " + id)))
                .flatMap(reply -> {
                    if (reply.get("contact_id") == null) {
                        return Mono.error(
                                new ConflictException(
                                        "reply " + id
                                                + " matched no touch, so it cannot be published; nobody knows whose sequence it concerns"));
                    }
                    Classification classification = new Classification(
                            decision.label(),
                            1.0,
                            decision.returnDate(),
                            decision.referralEmail(),
                            "decided by " + caller.name(),
                            decision.bounceKind() == null
                                    ? null
                                    : new Bounce(decision.bounceKind(), null, null, "person"),
                            "auto_reply".equals(decision.label()) && Boolean.TRUE.equals(decision.leftCompany()));
                    OutboundEvent event = events.classified(
                            id,
                            (String) reply.get("client_id"),
                            (String) reply.get("contact_id"),
                            (String) reply.get("correlation_id"),
                            (UUID) reply.get("enrollment_id"),
                            (String) reply.get("in_reply_to"),
                            classification,
                            "person",
                            (String) reply.get("event_id"));
                    return db.sql("""
                                    UPDATE received_messages SET status = 'classified', label = :label, confidence = 1.0,
                                        return_date = :returnDate, referral_email = :referral, decided_by = 'person',
                                        decision = :decision, event_id = :eventId,
                                        bounce_kind = COALESCE(:bounceKind, bounce_kind), left_company = :leftCompany
                                    WHERE id = :id""")
                            .bind("bounceKind", Parameter.fromOrEmpty(decision.bounceKind(), String.class))
                            .bind("leftCompany", classification.leftCompany())
                            .bind("id", id)
                            .bind("label", decision.label())
                            .bind("returnDate", Parameter.fromOrEmpty(decision.returnDate(), LocalDate.class))
                            .bind("referral", Parameter.fromOrEmpty(decision.referralEmail(), String.class))
                            .bind("decision", classification.reason())
                            .bind("eventId", event.header().getEventId())
                            .then()
                            .then(outbox.append(event))
                            .then(audit.record(
                                    caller,
                                    "reply.labelled",
                                    (String) reply.get("client_id"),
                                    "reply",
                                    id,
                                    Map.of("label", decision.label(), "was", String.valueOf(reply.get("status")))))
                            .then(Mono.fromCallable(() -> {
                                Map<String, Object> answer = new LinkedHashMap<>();
                                answer.put("id", id);
                                answer.put("label", decision.label());
                                answer.put("event_id", event.header().getEventId());
                                answer.put("corrects_event_id", reply.get("event_id"));
                                return answer;
                            }));
                });
    }
}
