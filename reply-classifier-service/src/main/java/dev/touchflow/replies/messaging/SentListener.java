package dev.touchflow.replies.messaging;

import dev.touchflow.platform.inbox.InboxConsumer;
import dev.touchflow.replies.inbound.ReceivingReplies;
import dev.touchflow.replies.thread.IndexingSentMessages;
import dev.touchflow.replies.thread.SentMessages;
import dev.touchflow.schemas.dispatch.DispatchEvent;
import dev.touchflow.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
class SentListener {

    private final InboxConsumer inbox;
    private final IndexingSentMessages index;
    private final SentMessages sent;
    private final ReceivingReplies receiving;

    SentListener(InboxConsumer inbox, IndexingSentMessages index, SentMessages sent, ReceivingReplies receiving) {
        this.inbox = inbox;
        this.index = index;
        this.sent = sent;
        this.receiving = receiving;
    }

    @KafkaListener(id = "replies.sent", topics = Topics.SENT, idIsGroup = false)
    void onSent(ConsumerRecord<String, byte[]> record) {
        // indexed, then any reply that was read before it (and so matched nothing) is taken in again
        inbox.consume(
                "replies.sent",
                record,
                DispatchEvent.class,
                event -> index.on(event).flatMap(sent::find).flatMap(receiving::answersTo));
    }
}
