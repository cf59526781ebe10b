package dev.touchflow.enrollment.exit;

import dev.touchflow.enrollment.campaign.CampaignRepository;
import dev.touchflow.enrollment.enrolling.Enrollment;
import dev.touchflow.enrollment.enrolling.EnrollmentExits;
import dev.touchflow.enrollment.enrolling.EnrollmentRepository;
import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.outbox.OutboundEvent;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.enroll.EnrollContact;
import dev.touchflow.schemas.enrollment.Exited;
import dev.touchflow.schemas.topics.Topics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The exit router: an exit with reason R enrolls the contact in {@code on_exit[R]} of the exited
 * campaign version; null closes the loop. A contact whose chain would pass through the same
 * campaign more than the allowed number of times is stopped, and the stop is recorded.
 */
@Service
public class RoutingExits {

    private static final Logger log = LoggerFactory.getLogger(RoutingExits.class);

    private final EnrollmentRepository enrollments;
    private final EnrollmentExits exits;
    private final CampaignRepository campaigns;
    private final OutboxWriter outbox;
    private final EventMetadata metadata;
    private final int maxRepeats;

    RoutingExits(
            EnrollmentRepository enrollments,
            EnrollmentExits exits,
            CampaignRepository campaigns,
            OutboxWriter outbox,
            EventMetadata metadata,
            @Value("${touchflow.enrollment.max-chain-repeats:2}") int maxRepeats) {
        this.enrollments = enrollments;
        this.exits = exits;
        this.campaigns = campaigns;
        this.outbox = outbox;
        this.metadata = metadata;
        this.maxRepeats = maxRepeats;
    }

    public Mono<Void> route(Exited exited, EventHeader cause) {
        return enrollments
                .find(UUID.fromString(exited.getEnrollmentId()))
                .flatMap(enrollment -> campaigns
                        .version(enrollment.campaignId(), enrollment.campaignVersion())
                        .flatMap(version -> version.nextCampaignOn(exited.getReason())
                                .map(next -> enrollNext(enrollment, next, cause))
                                .orElse(Mono.empty())));
    }

    private Mono<Void> enrollNext(Enrollment from, String next, EventHeader cause) {
        List<String> chain = new ArrayList<>(from.chain());
        chain.add(from.campaignSlug());
        if (Collections.frequency(chain, next) >= maxRepeats) {
            log.warn(
                    "exit routing of {} to {} stopped: the chain {} would repeat it",
                    from.contact().id(),
                    next,
                    chain);
            return exits.refuse(from, next, "exit routing loop stopped after " + chain);
        }
        EventHeader header = metadata.causedBy(cause);
        EnrollContact command = EnrollContact.newBuilder()
                .setHeader(header)
                .setCampaignSlug(next)
                .setContact(from.contact().toAvro())
                .setGoal(from.goal())
                .setNotes(from.notes())
                .setEnrolledBy("exit_router")
                .setPreviousEnrollmentId(from.id().toString())
                .setChain(chain)
                .build();
        return outbox.append(new OutboundEvent(Topics.ENROLL, header, "EnrollContact", command));
    }
}
