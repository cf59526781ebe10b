package dev.touchflow.dispatch.send;

import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.outbox.OutboundEvent;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.dispatch.DispatchEvent;
import dev.touchflow.schemas.dispatch.TouchCancelled;
import dev.touchflow.schemas.dispatch.TouchFailed;
import dev.touchflow.schemas.dispatch.TouchSent;
import dev.touchflow.schemas.engagement.EngagementEvent;
import dev.touchflow.schemas.topics.Topics;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.stereotype.Component;

/** The facts dispatch publishes on {@code touchflow.sent}. */
@Component
class SendEvents {

    private final EventMetadata metadata;

    SendEvents(EventMetadata metadata) {
        this.metadata = metadata;
    }

    OutboundEvent sent(Send send, String from, String messageId, Instant at) {
        return event(
                send,
                "TouchSent",
                TouchSent.newBuilder()
                        .setSendId(send.id().toString())
                        .setDraftId(send.touch().draftId().toString())
                        .setEnrollmentId(send.touch().enrollmentId().toString())
                        .setCampaignSlug(send.touch().campaignSlug())
                        .setStepNumber(send.touch().stepNumber())
                        .setChannel(send.touch().channel())
                        .setMessageId(messageId)
                        .setFromAddress(from)
                        .setToId(send.content().toId())
                        .setSubject(send.content().subject())
                        .setSentAt(at)
                        .build());
    }

    OutboundEvent failed(Send send, String reason, boolean permanent) {
        return event(send, "TouchFailed", failure(send, reason, permanent).build());
    }

    /**
     * A send that may have left and is now {@code unknown}: a failure of a kind, with what a reply to it
     * would answer and since when it may have left.
     */
    OutboundEvent maybeSent(DeliveryState.MaybeSent unknown, String reason, Instant now) {
        Send send = unknown.send();
        return event(
                send,
                "TouchFailed",
                failure(send, reason, false)
                        .setMayHaveLeft(true)
                        .setCampaignSlug(send.touch().campaignSlug())
                        .setChannel(send.touch().channel())
                        .setMessageId(send.envelope().messageId())
                        .setFromAddress(send.envelope().fromAddress())
                        .setToId(send.content().toId())
                        .setAt(unknown.since() != null ? unknown.since() : now)
                        .build());
    }

    private static TouchFailed.Builder failure(Send send, String reason, boolean permanent) {
        return TouchFailed.newBuilder()
                .setSendId(send.id().toString())
                .setDraftId(send.touch().draftId().toString())
                .setEnrollmentId(send.touch().enrollmentId().toString())
                .setStepNumber(send.touch().stepNumber())
                .setReason(reason)
                .setPermanent(permanent);
    }

    OutboundEvent cancelled(Send send, String reason) {
        return event(
                send,
                "TouchCancelled",
                TouchCancelled.newBuilder()
                        .setSendId(send.id().toString())
                        .setDraftId(send.touch().draftId().toString())
                        .setEnrollmentId(send.touch().enrollmentId().toString())
                        .setStepNumber(send.touch().stepNumber())
                        .setReason(reason)
                        .build());
    }

    OutboundEvent engagement(Send send, String type, SpecificRecord payload) {
        EventHeader header = metadata.header(
                send.clientId(), send.touch().contactId(), send.touch().correlationId(), null);
        return new OutboundEvent(
                        Topics.ENGAGEMENT,
                        header,
                        type,
                        EngagementEvent.newBuilder()
                                .setHeader(header)
                                .setPayload(payload)
                                .build())
                .continuing(send.traceparent());
    }

    private OutboundEvent event(Send send, String type, SpecificRecord payload) {
        EventHeader header = metadata.header(
                send.clientId(), send.touch().contactId(), send.touch().correlationId(), null);
        return new OutboundEvent(
                        Topics.SENT,
                        header,
                        type,
                        DispatchEvent.newBuilder()
                                .setHeader(header)
                                .setPayload(payload)
                                .build())
                .continuing(send.traceparent());
    }
}
