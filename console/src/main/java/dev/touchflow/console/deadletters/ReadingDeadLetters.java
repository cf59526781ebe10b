package dev.touchflow.console.deadletters;

import dev.touchflow.platform.properties.PlatformProperties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads every consumer group's dead-letter topic ({@code TopicOwners.CONSOLE.watches()}) into the
 * console's table. Nothing in a dead letter can fail this: it is stored as it is, so only the database
 * being away holds the partition (retried until it is back, as every consumer is).
 */
@Component
class ReadingDeadLetters {

    private final DeadLetters deadLetters;
    private final PlatformProperties properties;

    ReadingDeadLetters(DeadLetters deadLetters, PlatformProperties properties) {
        this.deadLetters = deadLetters;
        this.properties = properties;
    }

    @KafkaListener(id = "console.dead-letters", topics = "#{@consoleDeadLetterTopics}", idIsGroup = false)
    void on(ConsumerRecord<String, byte[]> record) {
        deadLetters.record(DeadLetter.of(record)).block(properties.consumer().effectTimeout());
    }
}
