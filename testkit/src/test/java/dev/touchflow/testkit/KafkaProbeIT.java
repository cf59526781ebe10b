package dev.touchflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The probes every integration test trusts, on the real embedded broker: what is sent is read back
 * whole and in order, the lag of a group is what it has not consumed, and a rewind sends it back to
 * offset 0.
 */
class KafkaProbeIT {

    private final String bootstrap = TestInfrastructure.get().bootstrapServers();
    private final KafkaProbe kafka = new KafkaProbe(bootstrap);
    private final String topic = "testkit.probe-" + UUID.randomUUID();

    @Test
    void whatIsSentIsReadBackWholeAndInOrder() {
        kafka.createTopic(topic);
        kafka.sendText(topic, "a", "first");
        kafka.sendText(topic, "b", "second");
        kafka.sendText(topic, "a", "third");

        List<ConsumerRecord<String, byte[]>> all = kafka.readAll(topic);
        List<ConsumerRecord<String, byte[]>> keyed = kafka.readAll(topic, record -> "a".equals(record.key()));

        assertThat(all).extracting(record -> new String(record.value())).containsExactly("first", "second", "third");
        assertThat(keyed).extracting(record -> new String(record.value())).containsExactly("first", "third");
    }

    @Test
    void lagIsWhatAGroupHasNotConsumedAndARewindStartsItOver() {
        kafka.createTopic(topic);
        for (int i = 0; i < 5; i++) {
            kafka.sendText(topic, "k", "record " + i);
        }
        String group = "testkit-" + UUID.randomUUID();
        TopicPartition partition = new TopicPartition(topic, 0);
        commit(group, partition, 2);
        ConsumerLag lag = new ConsumerLag(bootstrap);

        assertThat(lag.of(List.of(group))).isEqualTo(3);

        kafka.rewind(group, topic);

        assertThat(lag.of(List.of(group))).isEqualTo(5);
    }

    private void commit(String group, TopicPartition partition, long offset) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, group),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offset)), Duration.ofSeconds(10));
        }
    }
}
