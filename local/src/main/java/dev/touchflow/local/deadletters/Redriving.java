package dev.touchflow.local.deadletters;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends dead letters back to the topic they came from, with their key, value and headers (the event id
 * among them, so a consumer that took the event already skips it), without the dead-letter headers and
 * with {@code touchflow-redriven-from} naming where each came back from. Idempotent: the consumer group
 * {@value #GROUP} commits past what was sent, so redriving again sends only what has come since. A dry run
 * lists what would go and sends and commits nothing.
 */
public final class Redriving {

    public static final String GROUP = "touchflow-redrive";
    static final String REDRIVEN_FROM = "touchflow-redriven-from";

    private final DeadLetterTopics topics;

    public Redriving(DeadLetterTopics topics) {
        this.topics = topics;
    }

    /** The letters of {@code topic} not redriven yet (and dead since {@code since}, when given), sent back unless a dry run. */
    public List<DeadLetterTopics.Letter> redrive(String topic, Instant since, boolean dryRun) throws Exception {
        try (KafkaConsumer<String, byte[]> consumer = topics.consumer(GROUP)) {
            List<TopicPartition> partitions = DeadLetterTopics.partitions(consumer, topic);
            consumer.assign(partitions);
            Map<TopicPartition, OffsetAndMetadata> done = consumer.committed(new HashSet<>(partitions));
            Map<TopicPartition, OffsetAndTimestamp> fromTime =
                    since == null ? Map.of() : consumer.offsetsForTimes(timestamps(partitions, since));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            for (TopicPartition partition : partitions) {
                long start =
                        done.get(partition) == null ? 0 : done.get(partition).offset();
                OffsetAndTimestamp timed = fromTime.get(partition);
                if (since != null) {
                    start = Math.max(start, timed == null ? ends.get(partition) : timed.offset());
                }
                consumer.seek(partition, start);
            }
            List<DeadLetterTopics.Letter> letters = DeadLetterTopics.readToEnd(consumer, partitions, Long.MAX_VALUE);
            if (dryRun) {
                return letters;
            }
            try (KafkaProducer<String, byte[]> producer = producer()) {
                for (DeadLetterTopics.Letter letter : letters) {
                    producer.send(back(letter)).get();
                }
            }
            Map<TopicPartition, OffsetAndMetadata> past = new HashMap<>();
            ends.forEach((partition, end) -> past.put(partition, new OffsetAndMetadata(end)));
            consumer.commitSync(past, Duration.ofSeconds(30));
            return letters;
        }
    }

    private static Map<TopicPartition, Long> timestamps(List<TopicPartition> partitions, Instant since) {
        Map<TopicPartition, Long> at = new HashMap<>();
        partitions.forEach(partition -> at.put(partition, since.toEpochMilli()));
        return at;
    }

    static ProducerRecord<String, byte[]> back(DeadLetterTopics.Letter letter) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : letter.record().headers()) {
            if (!header.key().startsWith("kafka_dlt-")) {
                headers.add(header);
            }
        }
        headers.add(
                REDRIVEN_FROM,
                (letter.topic() + "-" + letter.partition() + "@" + letter.offset()).getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(
                letter.originalTopic(), null, letter.key(), letter.record().value(), headers);
    }

    private KafkaProducer<String, byte[]> producer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, topics.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }
}
