package dev.touchflow.dispatch.messaging;

import dev.touchflow.dispatch.send.QueueingSends;
import dev.touchflow.platform.inbox.InboxConsumer;
import dev.touchflow.schemas.drafting.ApprovalEvent;
import dev.touchflow.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
class ApprovedListener {

    private final InboxConsumer inbox;
    private final QueueingSends queueing;

    ApprovedListener(InboxConsumer inbox, QueueingSends queueing) {
        this.inbox = inbox;
        this.queueing = queueing;
    }

    @KafkaListener(id = "dispatch.approved", topics = Topics.APPROVED, idIsGroup = false)
    void onApproved(ConsumerRecord<String, byte[]> record) {
        inbox.consume(record, ApprovalEvent.class, queueing::on);
    }
}
