package dev.touchflow.replies.messaging;

import dev.touchflow.platform.inbox.InboxConsumer;
import dev.touchflow.replies.inbound.ReceivingReplies;
import dev.touchflow.replies.thread.IndexingSentMessages;
import dev.touchflow.replies.thread.SentMessages;
import dev.touchflow.schemas.dispatch.DispatchEvent;
import dev.touchflow.schemas.topics.Topics;
import java.util.List;
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

    @KafkaListener(id = "replies.sent", topics = Topics.SENT, idIsGroup = false, batch = "true")
    void onSent(List<ConsumerRecord<String, byte[]>> records) {
        // indexed, then any reply that was read before it (and so matched nothing) is taken in again
        inbox.consumeAll(
                "replies.sent",
                records,
                DispatchEvent.class,
                event -> index.on(event).flatMap(sent::find).flatMap(receiving::answersTo));
    }
}
