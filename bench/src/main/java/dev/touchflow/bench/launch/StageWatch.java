package dev.touchflow.bench.launch;

import dev.touchflow.platform.kafka.EventHeaders;
import dev.touchflow.schemas.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the pipeline's topics from the start as the services write them and keeps, per topic, the run's
 * contacts seen there and the record timestamp at which the last new one arrived: a stage is done for N
 * contacts when its topic has seen N of them, and it was done at that record's timestamp (the time the
 * service's outbox relay handed the event to the broker, the moment a next stage could act on it).
 */
final class StageWatch implements AutoCloseable {

    private final String keyPrefix;
    private final Map<String, Seen> byTopic = new ConcurrentHashMap<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread reader;
    private final String bootstrapServers;
    private final List<String> topics;

    /** A topic's distinct contacts so far and when the first and the latest new one were written (epoch ms). */
    record Seen(int contacts, long firstAt, long lastAt) {}

    private final Map<String, String> types;

    /**
     * @param types for a topic of several event types, the one that counts ({@code DraftApproved} on the
     *     approvals' topic, which also carries withdrawals and expiries)
     */
    StageWatch(
            String bootstrapServers,
            String client,
            String contactPrefix,
            List<String> topics,
            Map<String, String> types) {
        this.bootstrapServers = bootstrapServers;
        this.keyPrefix = Topics.contactKey(client, contactPrefix);
        this.topics = topics;
        this.types = types;
        topics.forEach(topic -> byTopic.put(topic, new Seen(0, 0, 0)));
        this.reader = new Thread(this::read, "bench-stage-watch");
        reader.setDaemon(true);
        reader.start();
    }

    Seen seen(String topic) {
        return byTopic.get(topic);
    }

    private void read() {
        Map<String, Set<String>> contacts = new HashMap<>();
        topics.forEach(topic -> contacts.put(topic, new HashSet<>()));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        5000,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = topics.stream()
                    .flatMap(topic -> consumer.partitionsFor(topic).stream()
                            .map(info -> new TopicPartition(topic, info.partition())))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!stop.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null
                            && record.key().startsWith(keyPrefix)
                            && counts(record)
                            && contacts.get(record.topic()).add(record.key())) {
                        Seen before = byTopic.get(record.topic());
                        byTopic.put(
                                record.topic(),
                                new Seen(
                                        contacts.get(record.topic()).size(),
                                        before.firstAt() == 0
                                                ? record.timestamp()
                                                : Math.min(record.timestamp(), before.firstAt()),
                                        Math.max(record.timestamp(), before.lastAt())));
                    }
                }
            }
        }
    }

    private boolean counts(ConsumerRecord<String, byte[]> record) {
        String type = types.get(record.topic());
        return type == null
                || EventHeaders.read(record.headers(), EventHeaders.TYPE)
                        .map(header -> header.endsWith("." + type))
                        .orElse(false);
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        reader.join(Duration.ofSeconds(10).toMillis());
    }
}
