package dev.touchflow.sequencer.messaging;

import dev.touchflow.platform.inbox.InboxConsumer;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.sequencer.timer.TrackingEnrollments;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
class EnrollmentListener {

    private final InboxConsumer inbox;
    private final TrackingEnrollments tracking;

    EnrollmentListener(InboxConsumer inbox, TrackingEnrollments tracking) {
        this.inbox = inbox;
        this.tracking = tracking;
    }

    @KafkaListener(id = "sequencer.enrollment", topics = Topics.ENROLLMENT, idIsGroup = false)
    void onEnrollment(ConsumerRecord<String, byte[]> record) {
        inbox.consume(record, EnrollmentEvent.class, tracking::on);
    }
}
