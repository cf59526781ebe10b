package dev.touchflow.enrollment.enrolling;

import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.outbox.OutboundEvent;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.enrollment.Exited;
import dev.touchflow.schemas.topics.Topics;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The one way to end an enrollment: it is marked exited and {@code Exited} goes out through the outbox. */
@Component
public class EnrollmentExits {

    private final EnrollmentRepository enrollments;
    private final EnrollmentRefusals refusals;
    private final OutboxWriter outbox;
    private final EventMetadata metadata;
    private final Clock clock;

    EnrollmentExits(
            EnrollmentRepository enrollments,
            EnrollmentRefusals refusals,
            OutboxWriter outbox,
            EventMetadata metadata,
            Clock clock) {
        this.enrollments = enrollments;
        this.refusals = refusals;
        this.outbox = outbox;
        this.metadata = metadata;
        this.clock = clock;
    }

    /**
     * Exits a running enrollment and publishes it; empty when it had exited already, so exiting twice
     * does nothing. {@code cause} is the event that led to it, or null for a person's decision.
     */
    public Mono<Enrollment> exit(UUID id, String reason, EventHeader cause) {
        return enrollments.exit(id, reason, clock.instant()).flatMap(exited -> {
            EventHeader header = cause != null
                    ? metadata.causedBy(cause)
                    : metadata.header(exited.clientId(), exited.contact().id(), exited.correlationId(), null);
            Exited payload = Exited.newBuilder()
                    .setEnrollmentId(id.toString())
                    .setCampaignSlug(exited.campaignSlug())
                    .setCampaignVersion(exited.campaignVersion())
                    .setReason(reason)
                    .build();
            return outbox.append(new OutboundEvent(
                            Topics.ENROLLMENT,
                            header,
                            "Exited",
                            EnrollmentEvent.newBuilder()
                                    .setHeader(header)
                                    .setPayload(payload)
                                    .build()))
                    .thenReturn(exited);
        });
    }

    public Mono<Void> refuse(Enrollment from, String targetSlug, String reason) {
        return refusals.refuse(
                from.clientId(), from.contact().id(), targetSlug, reason, "exit_router", clock.instant());
    }
}
