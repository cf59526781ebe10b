package dev.touchflow.enrollment.exit;

import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.outbox.OutboundEvent;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.enrollment.Exited;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.enrollment.enrolling.EnrollmentExits;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** Ends a running enrollment with a reason and publishes {@code Exited}; exiting twice does nothing. */
@Service
public class ExitingEnrollments {

    private final EnrollmentExits exits;
    private final OutboxWriter outbox;
    private final EventMetadata metadata;

    ExitingEnrollments(EnrollmentExits exits, OutboxWriter outbox, EventMetadata metadata) {
        this.exits = exits;
        this.outbox = outbox;
        this.metadata = metadata;
    }

    public Mono<Void> exit(String enrollmentId, String reason, EventHeader cause) {
        return exits.exit(UUID.fromString(enrollmentId), reason)
                .flatMap(enrollment -> {
                    EventHeader header = metadata.causedBy(cause);
                    Exited exited = Exited.newBuilder().setEnrollmentId(enrollmentId)
                            .setCampaignSlug(enrollment.campaignSlug()).setCampaignVersion(enrollment.campaignVersion())
                            .setReason(reason).build();
                    return outbox.append(new OutboundEvent(Topics.ENROLLMENT, header, "Exited",
                            EnrollmentEvent.newBuilder().setHeader(header).setPayload(exited).build()));
                });
    }
}
