package dev.touchflow.enrollment.messaging;

import dev.touchflow.enrollment.gate.ReceivingHandoffs;
import dev.touchflow.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Booked meetings from upstream agents, in JSON. */
@Component
class IngressListener {

    private final ReceivingHandoffs handoffs;

    IngressListener(ReceivingHandoffs handoffs) {
        this.handoffs = handoffs;
    }

    @KafkaListener(id = "enrollment.meeting-booked", topics = Topics.MEETING_BOOKED, idIsGroup = false)
    void onMeetingBooked(ConsumerRecord<String, byte[]> record) {
        handoffs.receive(record.topic(), record.value());
    }
}
