package dev.touchflow.local.deadletters;

import dev.touchflow.platform.kafka.DeadLetterOrigin;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The dead-letter topics ({@code <topic>.<group>.dlt}) as an operator reads them: which there are, how many
 * records each holds and why, and the records themselves with where they came from.
 */
public final class DeadLetterTopics {

    static final String SUFFIX = ".dlt";

    /** One dead-letter topic: how many records, and how many for each reason. */
    public record Pile(String topic, long count, Map<String, Long> reasons) {}

    /** One dead letter: its place, where it came from, why, and what it said. */
    public record Letter(
            String topic,
            int partition,
            long offset,
            Instant at,
            String key,
            String originalTopic,
            String origin,
            String reason,
            ConsumerRecord<String, byte[]> record) {

        public String text() {
            return record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
        }
    }

    private final String bootstrapServers;

    public DeadLetterTopics(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** The dead-letter topics there are, those containing {@code filter} (null: all), by name. */
    public List<String> topics(String filter) throws Exception {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000))) {
            return new ArrayList<>(new TreeSet<>(admin.listTopics().names().get())
                    .stream()
                            .filter(name -> name.endsWith(SUFFIX))
                            .filter(name -> filter == null || name.contains(filter))
                            .toList());
        }
    }

    /** Each dead-letter topic's records counted, by reason. */
    public List<Pile> piles(String filter) throws Exception {
        List<Pile> piles = new ArrayList<>();
        for (String topic : topics(filter)) {
            Map<String, Long> reasons = new TreeMap<>();
            List<Letter> letters = read(topic, Map.of(), Long.MAX_VALUE);
            letters.forEach(letter -> reasons.merge(letter.reason(), 1L, Long::sum));
            piles.add(new Pile(topic, letters.size(), reasons));
        }
        return piles;
    }

    /** The topic's letters from each partition's {@code from} offset (absent: the beginning), at most {@code limit}. */
    public List<Letter> read(String topic, Map<Integer, Long> from, long limit) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(null)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            partitions.forEach(partition -> {
                Long start = from.get(partition.partition());
                if (start != null) {
                    consumer.seek(partition, start);
                }
            });
            return readToEnd(consumer, partitions, limit);
        }
    }

    /** The topic's partition numbers. */
    public List<Integer> partitionsOf(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(null)) {
            return partitions(consumer, topic).stream()
                    .map(TopicPartition::partition)
                    .toList();
        }
    }

    static List<Letter> readToEnd(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions, long limit) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        List<Letter> letters = new ArrayList<>();
        while (letters.size() < limit
                && partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (letters.size() < limit
                        && record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                    letters.add(letter(record));
                }
            }
        }
        letters.sort((a, b) -> a.partition() != b.partition()
                ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
        return letters;
    }

    static Letter letter(ConsumerRecord<String, byte[]> record) {
        DeadLetterOrigin origin = DeadLetterOrigin.of(record);
        return new Letter(
                record.topic(),
                record.partition(),
                record.offset(),
                Instant.ofEpochMilli(record.timestamp()),
                record.key(),
                origin.topic(),
                origin.place(),
                origin.reason(),
                record);
    }

    static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
    }

    KafkaConsumer<String, byte[]> consumer(String group) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    String bootstrapServers() {
        return bootstrapServers;
    }
}
