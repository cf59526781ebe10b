package dev.touchflow.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.touchflow.platform.fault.InvalidEventException;
import dev.touchflow.testkit.KafkaProbe;
import dev.touchflow.testkit.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/** Dead letters go out without a wait per record, and no commit passes one that is not on its topic. */
class DeadLettersIT {

    private final String bootstrap = TestInfrastructure.get().bootstrapServers();
    private final KafkaProbe kafka = new KafkaProbe(bootstrap);

    @Test
    void aDeadLetterTheBrokerRefusedIsPublishedAgainBeforeTheCommitPastItsRecord() {
        String input = "platform-test.input-" + UUID.randomUUID();
        String deadLetterTopic = input + ".dlt";
        kafka.createTopic(input);
        DefaultKafkaProducerFactory<Object, Object> producers = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                1000));
        DeadLetters deadLetters = new DeadLetters(new KafkaTemplate<>(producers), Duration.ofSeconds(1));
        DefaultKafkaConsumerFactory<String, byte[]> consumers = new DefaultKafkaConsumerFactory<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "dead-letters-it-" + UUID.randomUUID()),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        deadLetters.awaitBeforeCommits(consumers);
        TopicPartition partition = new TopicPartition(input, 0);
        ConsumerRecord<String, byte[]> invalid =
                new ConsumerRecord<>(input, 0, 0L, "b2bea:c-1", "not json".getBytes(StandardCharsets.UTF_8));

        try (Consumer<String, byte[]> consumer = consumers.createConsumer()) {
            // Given a dead letter handed over while its topic is not there: the producer gives up on it
            deadLetters
                    .recoverer((record, exception) -> new TopicPartition(deadLetterTopic, -1))
                    .accept(invalid, consumer, new InvalidEventException("meeting_booked is not JSON"));
            kafka.createTopic(deadLetterTopic);

            // When the consumer commits past the invalid record
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(1)));

            // Then the dead letter was published again first, with the reason, and only then committed past
            List<ConsumerRecord<String, byte[]>> letters = kafka.readAll(deadLetterTopic);
            assertThat(letters).extracting(ConsumerRecord::key).containsExactly("b2bea:c-1");
            assertThat(new String(
                            letters.get(0)
                                    .headers()
                                    .lastHeader("kafka_dlt-exception-message")
                                    .value(),
                            StandardCharsets.UTF_8))
                    .contains("meeting_booked is not JSON");
            assertThat(consumer.committed(Set.of(partition))).containsEntry(partition, new OffsetAndMetadata(1));
        } finally {
            producers.destroy();
        }
    }
}
