package dev.touchflow.dispatch.messaging;

import dev.touchflow.dispatch.send.QueueingSends;
import dev.touchflow.dispatch.send.SuppressingContacts;
import dev.touchflow.platform.inbox.InboxConsumer;
import dev.touchflow.schemas.drafting.ApprovalEvent;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.replies.ReplyClassified;
import dev.touchflow.schemas.topics.Topics;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Approvals to queue, and the exits and replies that suppress a contact. */
@Component
class DispatchListeners {

    private final InboxConsumer inbox;
    private final QueueingSends queueing;
    private final SuppressingContacts suppressing;

    DispatchListeners(InboxConsumer inbox, QueueingSends queueing, SuppressingContacts suppressing) {
        this.inbox = inbox;
        this.queueing = queueing;
        this.suppressing = suppressing;
    }

    @KafkaListener(id = "dispatch.approved", topics = Topics.APPROVED, idIsGroup = false, batch = "true")
    void onApproved(List<ConsumerRecord<String, byte[]>> records) {
        inbox.consumeAll("dispatch.approved", records, ApprovalEvent.class, queueing::on);
    }

    @KafkaListener(id = "dispatch.enrollment", topics = Topics.ENROLLMENT, idIsGroup = false, batch = "true")
    void onEnrollment(List<ConsumerRecord<String, byte[]>> records) {
        inbox.consumeAll(
                "dispatch.enrollment",
                records,
                EnrollmentEvent.class,
                QueueingSends::concerns,
                event -> suppressing.on(event).then(queueing.on(event)));
    }

    @KafkaListener(
            id = "dispatch.reply-classified",
            topics = Topics.REPLY_CLASSIFIED,
            idIsGroup = false,
            batch = "true")
    void onReply(List<ConsumerRecord<String, byte[]>> records) {
        inbox.consumeAll("dispatch.reply-classified", records, ReplyClassified.class, suppressing::on);
    }
}
