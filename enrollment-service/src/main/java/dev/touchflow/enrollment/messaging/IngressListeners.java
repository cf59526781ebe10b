package dev.touchflow.enrollment.messaging;

import dev.touchflow.enrollment.gate.ReceivingHandoffs;
import dev.touchflow.enrollment.trigger.TriggeringEnrollments;
import dev.touchflow.schemas.topics.Topics;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Ingress from outside systems, in JSON: booked meetings and pipeline stage changes. */
@Component
class IngressListeners {

    private final ReceivingHandoffs handoffs;
    private final TriggeringEnrollments triggers;

    IngressListeners(ReceivingHandoffs handoffs, TriggeringEnrollments triggers) {
        this.handoffs = handoffs;
        this.triggers = triggers;
    }

    @KafkaListener(id = "enrollment.meeting-booked", topics = Topics.MEETING_BOOKED, idIsGroup = false, batch = "true")
    void onMeetingBooked(List<ConsumerRecord<String, byte[]>> records) {
        handoffs.receive("enrollment.meeting-booked", records);
    }

    @KafkaListener(
            id = "enrollment.pipeline-stage-changed",
            topics = Topics.PIPELINE_STAGE_CHANGED,
            idIsGroup = false,
            batch = "true")
    void onStageChanged(List<ConsumerRecord<String, byte[]>> records) {
        triggers.receive("enrollment.pipeline-stage-changed", records);
    }
}
