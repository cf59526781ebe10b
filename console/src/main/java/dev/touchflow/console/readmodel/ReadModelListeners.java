package dev.touchflow.console.readmodel;

import dev.touchflow.console.live.LiveUpdates;
import dev.touchflow.platform.inbox.InboxConsumer;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.dispatch.DispatchEvent;
import dev.touchflow.schemas.drafting.DraftStaged;
import dev.touchflow.schemas.engagement.EngagementEvent;
import dev.touchflow.schemas.enroll.EnrollContact;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.replies.ReplyClassified;
import dev.touchflow.schemas.topics.Topics;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The topics the console's read model is built from: decode, claim, one call to record it. Once it has
 * committed, the pages open for that client hear of it; a replayed event is skipped and says nothing.
 */
@Component
class ReadModelListeners {

    private final InboxConsumer inbox;
    private final RecordingRuns runs;
    private final RecordingTouches touches;
    private final RecordingReplies replies;
    private final LiveUpdates live;

    ReadModelListeners(
            InboxConsumer inbox,
            RecordingRuns runs,
            RecordingTouches touches,
            RecordingReplies replies,
            LiveUpdates live) {
        this.inbox = inbox;
        this.runs = runs;
        this.touches = touches;
        this.replies = replies;
        this.live = live;
    }

    @KafkaListener(id = "console.enrollment", topics = Topics.ENROLLMENT, idIsGroup = false, batch = "true")
    void onEnrollment(List<ConsumerRecord<String, byte[]>> records) {
        inbox.consumeAll(
                "console.enrollment",
                records,
                EnrollmentEvent.class,
                event -> runs.on(event).then(said("run", event.getHeader())));
    }

    @KafkaListener(id = "console.enroll", topics = Topics.ENROLL, idIsGroup = false, batch = "true")
    void onEnroll(List<ConsumerRecord<String, byte[]>> records) {
        inbox.consumeAll("console.enroll", records, EnrollContact.class, runs::on);
    }

    @KafkaListener(id = "console.draft-staged", topics = Topics.DRAFT_STAGED, idIsGroup = false, batch = "true")
    void onDraftStaged(List<ConsumerRecord<String, byte[]>> records) {
        inbox.consumeAll(
                "console.draft-staged", records, DraftStaged.class, staged -> said("draft", staged.getHeader()));
    }

    @KafkaListener(id = "console.sent", topics = Topics.SENT, idIsGroup = false, batch = "true")
    void onSent(List<ConsumerRecord<String, byte[]>> records) {
        inbox.consumeAll(
                "console.sent",
                records,
                DispatchEvent.class,
                event -> touches.on(event).then(said("send", event.getHeader())));
    }

    @KafkaListener(id = "console.engagement", topics = Topics.ENGAGEMENT, idIsGroup = false, batch = "true")
    void onEngagement(List<ConsumerRecord<String, byte[]>> records) {
        inbox.consumeAll("console.engagement", records, EngagementEvent.class, touches::on);
    }

    @KafkaListener(id = "console.reply-classified", topics = Topics.REPLY_CLASSIFIED, idIsGroup = false, batch = "true")
    void onReply(List<ConsumerRecord<String, byte[]>> records) {
        inbox.consumeAll(
                "console.reply-classified",
                records,
                ReplyClassified.class,
                reply -> replies.on(reply).then(said("reply", reply.getHeader())));
    }

    private Mono<Void> said(String kind, EventHeader header) {
        return live.afterCommit(kind, header.getClientId());
    }
}
