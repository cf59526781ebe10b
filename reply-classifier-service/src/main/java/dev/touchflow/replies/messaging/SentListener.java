package dev.touchflow.replies.messaging;

import dev.touchflow.platform.inbox.InboxConsumer;
import dev.touchflow.replies.thread.IndexingSentMessages;
import dev.touchflow.schemas.dispatch.DispatchEvent;
import dev.touchflow.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
class SentListener {

    private final InboxConsumer inbox;
    private final IndexingSentMessages index;

    SentListener(InboxConsumer inbox, IndexingSentMessages index) {
        this.inbox = inbox;
        this.index = index;
    }

    @KafkaListener(id = "replies.sent", topics = Topics.SENT, idIsGroup = false)
    void onSent(ConsumerRecord<String, byte[]> record) {
        inbox.consume("replies.sent", record, DispatchEvent.class, index::on);
    }
}
