package dev.touchflow.enrollment.enrolling;

import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.outbox.OutboundEvent;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.platform.web.ConflictException;
import dev.touchflow.platform.web.InvalidFieldException;
import dev.touchflow.platform.web.NotFoundException;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.enrollment.Paused;
import dev.touchflow.schemas.enrollment.Resumed;
import dev.touchflow.schemas.topics.Topics;
import java.time.Clock;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * A person pauses, resumes or exits an enrollment, or unsubscribes its contact: the contact is
 * suppressed for the client and every running enrollment of theirs exits {@code unsubscribed}.
 */
@Service
public class ManagingEnrollments {

    private final EnrollmentRepository enrollments;
    private final SuppressedContacts suppressed;
    private final EnrollmentExits exits;
    private final OutboxWriter outbox;
    private final EventMetadata metadata;
    private final TransactionalOperator transactions;
    private final Clock clock;

    ManagingEnrollments(
            EnrollmentRepository enrollments,
            SuppressedContacts suppressed,
            EnrollmentExits exits,
            OutboxWriter outbox,
            EventMetadata metadata,
            TransactionalOperator transactions,
            Clock clock) {
        this.enrollments = enrollments;
        this.suppressed = suppressed;
        this.exits = exits;
        this.outbox = outbox;
        this.metadata = metadata;
        this.transactions = transactions;
        this.clock = clock;
    }

    public Mono<Enrollment> apply(UUID id, String action, String reason) {
        return enrollments
                .find(id)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no enrollment " + id)))
                .flatMap(enrollment -> transactions
                        .transactional(
                                switch (action) {
                                    case "pause" ->
                                        move(
                                                enrollment,
                                                "active",
                                                "paused",
                                                Paused.newBuilder()
                                                        .setEnrollmentId(id.toString())
                                                        .setCampaignSlug(enrollment.campaignSlug())
                                                        .setReason(orDefault(reason, "manual"))
                                                        .build());
                                    case "resume" ->
                                        move(
                                                enrollment,
                                                "paused",
                                                "active",
                                                Resumed.newBuilder()
                                                        .setEnrollmentId(id.toString())
                                                        .setCampaignSlug(enrollment.campaignSlug())
                                                        .build());
                                    case "exit" ->
                                        reason == null || reason.isBlank()
                                                ? Mono.error(new InvalidFieldException(
                                                        "reason", "an exit needs a reason, e.g. converted"))
                                                : exit(enrollment, reason);
                                    case "unsubscribe" -> unsubscribe(enrollment);
                                    default ->
                                        Mono.error(new InvalidFieldException(
                                                "action", "must be pause, resume, exit or unsubscribe"));
                                })
                        .then(enrollments.find(id)));
    }

    private Mono<Void> move(Enrollment enrollment, String from, String to, SpecificRecord event) {
        return enrollments
                .setStatus(enrollment.id(), from, to)
                .flatMap(moved -> moved
                        ? publish(enrollment, event)
                        : Mono.error(new ConflictException(
                                "enrollment " + enrollment.id() + " is " + enrollment.status() + ", not " + from)));
    }

    /** Exits a running enrollment and publishes it; the exit router takes it from there. */
    private Mono<Void> exit(Enrollment enrollment, String reason) {
        return exits.exit(enrollment.id(), reason, null)
                .switchIfEmpty(Mono.error(() -> new ConflictException("enrollment " + enrollment.id() + " has exited")))
                .then();
    }

    private Mono<Void> unsubscribe(Enrollment enrollment) {
        return unsubscribeContact(
                enrollment.clientId(),
                enrollment.contact().id(),
                enrollment.contact().email(),
                null);
    }

    /**
     * The contact asked to hear nothing more from this client (a person said so, or the contact
     * used an unsubscribe link): suppressed, and every running enrollment exits {@code unsubscribed}.
     */
    public Mono<Void> unsubscribeContact(String clientId, String contactId, String email, EventHeader cause) {
        return suppressEverywhere(clientId, contactId, email, "unsubscribed", cause);
    }

    /**
     * The contact may not be written to again ({@code unsubscribed}, or {@code bounced} when the
     * address is dead): suppressed with that reason, and every running enrollment exits with it.
     */
    public Mono<Void> suppressEverywhere(
            String clientId, String contactId, String email, String reason, EventHeader cause) {
        return suppressed
                .suppress(clientId, email, reason, clock.instant())
                .then(exitEverywhere(clientId, contactId, reason, cause));
    }

    /** Every running enrollment of the contact exits with the reason, and the exit router takes over. */
    public Mono<Void> exitEverywhere(String clientId, String contactId, String reason, EventHeader cause) {
        return enrollments
                .runningOf(clientId, contactId)
                .collectList()
                .flatMapIterable(running -> running)
                .concatMap(running -> exits.exit(running.id(), reason, cause))
                .then();
    }

    private Mono<Void> publish(Enrollment enrollment, SpecificRecord payload) {
        EventHeader header =
                metadata.header(enrollment.clientId(), enrollment.contact().id(), enrollment.correlationId(), null);
        return outbox.append(new OutboundEvent(
                Topics.ENROLLMENT,
                header,
                payload.getSchema().getName(),
                EnrollmentEvent.newBuilder()
                        .setHeader(header)
                        .setPayload(payload)
                        .build()));
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
