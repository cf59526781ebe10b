package dev.touchflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.sequencer.SequenceExhausted;
import dev.touchflow.schemas.serde.AvroSingleObjectSerializer;
import dev.touchflow.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
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
    void avroValuesUnderAKeyAreReadBackDecodedAndInOrder() {
        String topic = Topics.SEQUENCE_EXHAUSTED;
        kafka.createTopic(topic);
        String run = UUID.randomUUID().toString();
        AvroSingleObjectSerializer avro = new AvroSingleObjectSerializer();
        for (int step = 1; step <= 3; step++) {
            String contact = (step == 2 ? "other-" : "one-") + run;
            kafka.send(topic, "b2bea:" + contact, avro.serialize(topic, exhausted(contact, step)));
        }

        List<SequenceExhausted> decoded = kafka.decoded(topic, "b2bea:one-" + run, SequenceExhausted.class);

        assertThat(decoded).extracting(SequenceExhausted::getLastStep).containsExactly(1, 3);
        assertThat(KafkaProbe.onTestBroker()
                        .decoded(topic, record -> record.key().endsWith(run), SequenceExhausted.class))
                .extracting(SequenceExhausted::getLastStep)
                .containsExactlyInAnyOrder(1, 2, 3);
    }

    private static SequenceExhausted exhausted(String contact, int lastStep) {
        return SequenceExhausted.newBuilder()
                .setHeader(EventHeader.newBuilder()
                        .setEventId(UUID.randomUUID().toString())
                        .setOccurredAt(Instant.parse("2026-05-02T15:00:00Z"))
                        .setClientId("b2bea")
                        .setContactId(contact)
                        .setCorrelationId("corr")
                        .setCausationId(null)
                        .setProducer("testkit")
                        .build())
                .setEnrollmentId("e-" + contact)
                .setCampaignSlug("close")
                .setLastStep(lastStep)
                .build();
    }

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
