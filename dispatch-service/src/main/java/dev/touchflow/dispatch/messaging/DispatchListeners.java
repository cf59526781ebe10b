package dev.touchflow.dispatch.messaging;

import dev.touchflow.dispatch.send.QueueingSends;
import dev.touchflow.dispatch.send.SuppressingContacts;
import dev.touchflow.platform.inbox.InboxConsumer;
import dev.touchflow.schemas.drafting.ApprovalEvent;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.replies.ReplyClassified;
import dev.touchflow.schemas.topics.Topics;
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

    @KafkaListener(id = "dispatch.approved", topics = Topics.APPROVED, idIsGroup = false)
    void onApproved(ConsumerRecord<String, byte[]> record) {
        inbox.consume("dispatch.approved", record, ApprovalEvent.class, queueing::on);
    }

    @KafkaListener(id = "dispatch.enrollment", topics = Topics.ENROLLMENT, idIsGroup = false)
    void onEnrollment(ConsumerRecord<String, byte[]> record) {
        inbox.consume(
                "dispatch.enrollment",
                record,
                EnrollmentEvent.class,
                QueueingSends::concerns,
                event -> suppressing.on(event).then(queueing.on(event)));
    }

    @KafkaListener(id = "dispatch.reply-classified", topics = Topics.REPLY_CLASSIFIED, idIsGroup = false)
    void onReply(ConsumerRecord<String, byte[]> record) {
        inbox.consume("dispatch.reply-classified", record, ReplyClassified.class, suppressing::on);
    }
}
