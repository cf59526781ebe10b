package dev.touchflow.enrollment.enrolling;

import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.outbox.OutboundEvent;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.enrollment.Paused;
import dev.touchflow.schemas.enrollment.Resumed;
import dev.touchflow.schemas.replies.ReplyClassified;
import dev.touchflow.schemas.topics.Topics;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Pausing an enrollment because of a reply, holding it for a reply that waits for a person's label,
 * and releasing it; each change announced on the enrollment topic.
 */
@Component
class PausingForReplies {

    static final String HELD = "reply: waiting for a person's label";

    private final EnrollmentRepository enrollments;
    private final OutboxWriter outbox;
    private final EventMetadata metadata;

    PausingForReplies(EnrollmentRepository enrollments, OutboxWriter outbox, EventMetadata metadata) {
        this.enrollments = enrollments;
        this.outbox = outbox;
        this.metadata = metadata;
    }

    /**
     * A reply nothing could label (it may be an opt-out said in a way never seen): the sequence waits,
     * paused, until a person labels it, so no further touch is drafted meanwhile.
     */
    Mono<Void> holdForReview(ReplyClassified reply, Enrollment enrollment) {
        EventHeader header = metadata.causedBy(reply.getHeader());
        return enrollments
                .holdFor(enrollment.id(), reply.getReplyId())
                .flatMap(held -> held ? outbox.append(paused(enrollment, HELD, header)) : Mono.empty());
    }

    Mono<Void> release(ReplyClassified reply, Enrollment enrollment, boolean resume) {
        return enrollments
                .release(enrollment.id(), reply.getReplyId(), resume)
                .flatMap(released -> released && resume
                        ? outbox.append(resumed(enrollment, metadata.causedBy(reply.getHeader())))
                        : Mono.empty());
    }

    /** Pauses a running enrollment and publishes {@code Paused}; one already paused or ended is left as it is. */
    Mono<Void> pause(Enrollment enrollment, String reason, EventHeader header) {
        return enrollments
                .setStatus(enrollment.id(), "active", "paused")
                .flatMap(paused -> paused ? outbox.append(paused(enrollment, reason, header)) : Mono.empty());
    }

    private static OutboundEvent paused(Enrollment enrollment, String reason, EventHeader header) {
        return lifecycle(
                header,
                "Paused",
                Paused.newBuilder()
                        .setEnrollmentId(enrollment.id().toString())
                        .setCampaignSlug(enrollment.campaignSlug())
                        .setReason(reason)
                        .build());
    }

    private static OutboundEvent resumed(Enrollment enrollment, EventHeader header) {
        return lifecycle(
                header,
                "Resumed",
                Resumed.newBuilder()
                        .setEnrollmentId(enrollment.id().toString())
                        .setCampaignSlug(enrollment.campaignSlug())
                        .build());
    }

    private static OutboundEvent lifecycle(EventHeader header, String type, Object payload) {
        return new OutboundEvent(
                Topics.ENROLLMENT,
                header,
                type,
                EnrollmentEvent.newBuilder()
                        .setHeader(header)
                        .setPayload(payload)
                        .build());
    }
}
