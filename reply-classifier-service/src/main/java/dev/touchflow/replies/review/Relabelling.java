package dev.touchflow.replies.review;

import dev.touchflow.platform.audit.AuditTrail;
import dev.touchflow.platform.outbox.OutboundEvent;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.platform.security.Caller;
import dev.touchflow.platform.web.ConflictException;
import dev.touchflow.platform.web.InvalidFieldException;
import dev.touchflow.platform.web.NotFoundException;
import dev.touchflow.replies.classify.Classification;
import dev.touchflow.replies.inbound.ReplyEvents;
import dev.touchflow.replies.understand.Bounce;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * A person decides what a reply is: a reply waiting for review is published with their label; a
 * published one is published again as a correction naming the event it replaces. A reply that
 * matched no touch cannot be published, since nobody knows whose sequence it concerns.
 */
@Service
class Relabelling {

    private final ReviewedReplies received;
    private final ReplyEvents events;
    private final OutboxWriter outbox;

    private final AuditTrail audit;

    Relabelling(ReviewedReplies received, ReplyEvents events, OutboxWriter outbox, AuditTrail audit) {
        this.audit = audit;
        this.received = received;
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
        return received.lockForDecision(id)
                .filter(reply -> caller.sees(reply.clientId()))
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no reply " + id)))
                .flatMap(reply -> {
                    if (reply.contactId() == null) {
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
                            reply.clientId(),
                            reply.contactId(),
                            reply.correlationId(),
                            reply.enrollmentId(),
                            reply.inReplyTo(),
                            classification,
                            "person",
                            reply.eventId());
                    return received.recordDecision(
                                    id,
                                    decision.label(),
                                    decision.returnDate(),
                                    decision.referralEmail(),
                                    classification.reason(),
                                    event.header().getEventId(),
                                    decision.bounceKind(),
                                    classification.leftCompany())
                            .then(outbox.append(event))
                            .then(audit.record(
                                    caller,
                                    "reply.labelled",
                                    reply.clientId(),
                                    "reply",
                                    id,
                                    Map.of("label", decision.label(), "was", String.valueOf(reply.status()))))
                            .then(Mono.fromCallable(() -> {
                                Map<String, Object> answer = new LinkedHashMap<>();
                                answer.put("id", id);
                                answer.put("label", decision.label());
                                answer.put("event_id", event.header().getEventId());
                                answer.put("corrects_event_id", reply.eventId());
                                return answer;
                            }));
                });
    }
}
