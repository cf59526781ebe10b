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

    @KafkaListener(id = "console.enrollment", topics = Topics.ENROLLMENT, idIsGroup = false)
    void onEnrollment(ConsumerRecord<String, byte[]> record) {
        inbox.consume(
                "console.enrollment",
                record,
                EnrollmentEvent.class,
                event -> runs.on(event).then(said("run", event.getHeader())));
    }

    @KafkaListener(id = "console.enroll", topics = Topics.ENROLL, idIsGroup = false)
    void onEnroll(ConsumerRecord<String, byte[]> record) {
        inbox.consume("console.enroll", record, EnrollContact.class, runs::on);
    }

    @KafkaListener(id = "console.draft-staged", topics = Topics.DRAFT_STAGED, idIsGroup = false)
    void onDraftStaged(ConsumerRecord<String, byte[]> record) {
        inbox.consume("console.draft-staged", record, DraftStaged.class, staged -> said("draft", staged.getHeader()));
    }

    @KafkaListener(id = "console.sent", topics = Topics.SENT, idIsGroup = false)
    void onSent(ConsumerRecord<String, byte[]> record) {
        inbox.consume(
                "console.sent",
                record,
                DispatchEvent.class,
                event -> touches.on(event).then(said("send", event.getHeader())));
    }

    @KafkaListener(id = "console.engagement", topics = Topics.ENGAGEMENT, idIsGroup = false)
    void onEngagement(ConsumerRecord<String, byte[]> record) {
        inbox.consume("console.engagement", record, EngagementEvent.class, touches::on);
    }

    @KafkaListener(id = "console.reply-classified", topics = Topics.REPLY_CLASSIFIED, idIsGroup = false)
    void onReply(ConsumerRecord<String, byte[]> record) {
        inbox.consume(
                "console.reply-classified",
                record,
                ReplyClassified.class,
                reply -> replies.on(reply).then(said("reply", reply.getHeader())));
    }

    private Mono<Void> said(String kind, EventHeader header) {
        return live.afterCommit(kind, header.getClientId());
    }
}
