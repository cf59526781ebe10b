package dev.touchflow.replies.inbound;

import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.outbox.OutboundEvent;
import dev.touchflow.replies.classify.Classification;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.replies.ReplyClassified;
import dev.touchflow.schemas.topics.Topics;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** {@code ReplyClassified}, as the other services act on it. */
@Component
public class ReplyEvents {

    private final EventMetadata metadata;

    ReplyEvents(EventMetadata metadata) {
        this.metadata = metadata;
    }

    /**
     * The event for a reply of a known contact; {@code corrects} names the event a person's correction
     * replaces. A reply without a label is published as {@code needs_review}, decided by nobody.
     */
    public OutboundEvent classified(
            UUID replyId,
            String clientId,
            String contactId,
            String correlationId,
            UUID enrollmentId,
            String inReplyTo,
            Classification classification,
            String decidedBy,
            String corrects) {
        EventHeader header =
                metadata.header(clientId, contactId, correlationId == null ? "reply:" + replyId : correlationId, null);
        ReplyClassified.Builder event = ReplyClassified.newBuilder()
                .setHeader(header)
                .setReplyId(replyId.toString())
                .setEnrollmentId(enrollmentId == null ? null : enrollmentId.toString())
                .setInReplyTo(inReplyTo)
                .setLabel(classification.decided() ? classification.label() : "needs_review")
                .setConfidence(classification.confidence())
                .setReturnDate(classification.returnDate())
                .setReferralEmail(classification.referralEmail())
                .setDecidedBy(decidedBy)
                .setCorrectsEventId(corrects)
                .setLeftCompany(classification.leftCompany());
        if ("bounce".equals(classification.label()) && classification.bounce() != null) {
            event.setBounceKind(classification.bounce().kind())
                    .setBounceStatus(classification.bounce().status())
                    .setBouncedAddress(classification.bounce().recipient());
        }
        return new OutboundEvent(Topics.REPLY_CLASSIFIED, header, "ReplyClassified", event.build());
    }
}
