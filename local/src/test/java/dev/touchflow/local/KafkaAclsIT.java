package dev.touchflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.touchflow.embedded.KraftBroker;
import dev.touchflow.schemas.topics.TopicOwners;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.testkit.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker secured as deploy/ describes: one SCRAM principal per service, and ACLs made
 * from {@link TopicOwners}. Only drafting-service may write {@code touchflow.approved}: another
 * service's principal, or one with no ACLs at all, is refused by the broker itself.
 */
class KafkaAclsIT {

    @TempDir
    Path state;

    @Test
    void onlyTheOwnerOfATopicMayWriteItAndOnlyDraftingServiceWritesApprovals() throws Exception {
        Map<String, String> users = new LinkedHashMap<>();
        users.put(KraftBroker.ADMIN, secret());
        TopicOwners.all().forEach(owner -> users.put(owner.service(), secret()));
        users.put("intruder", secret());
        try (KraftBroker broker = KraftBroker.startSecured(
                        state.resolve("kafka"), TestInfrastructure.freePort(), TestInfrastructure.freePort(), users);
                Admin admin = Admin.create(broker.clientProperties(KraftBroker.ADMIN))) {
            Set<String> topics = new LinkedHashSet<>();
            TopicOwners.all().forEach(owner -> {
                topics.addAll(owner.produces());
                topics.addAll(owner.consumes());
                topics.addAll(owner.deadLetters());
            });
            admin.createTopics(topics.stream()
                            .map(topic -> new NewTopic(topic, 1, (short) 1))
                            .toList())
                    .all()
                    .get();
            List<AclBinding> acls = TopicOwners.all().stream()
                    .flatMap(owner -> owner.acls().stream())
                    .toList();
            admin.createAcls(acls).all().get();
            // ACLs reach the broker's authorizer through the metadata log, a moment after the controller took them
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> admin.describeAcls(AclBindingFilter.ANY)
                            .values()
                            .get()
                            .containsAll(acls));

            // drafting-service writes an approval, with the idempotent producer every service uses
            send(broker.clientProperties("drafting-service"), Topics.APPROVED, true);

            // Another service's principal, with the rights it needs for its own topics, may not
            assertThatThrownBy(() -> send(broker.clientProperties("enrollment-service"), Topics.APPROVED, true))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            // Nor may a principal that no ACL names, nor anyone who cannot log in
            assertThatThrownBy(() -> send(broker.clientProperties("intruder"), Topics.APPROVED, false))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThatThrownBy(() -> send(
                            KraftBroker.clientProperties(
                                    broker.bootstrapServers(), "drafting-service", "not-the-password"),
                            Topics.APPROVED,
                            true))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
            // enrollment-service writes its own topic
            send(broker.clientProperties("enrollment-service"), Topics.ENROLLMENT, true);

            // dispatch-service reads the approvals with its own group: exactly the one drafting-service wrote
            assertThat(read(broker.clientProperties("dispatch-service"), "dispatch-service", Topics.APPROVED))
                    .containsExactly("from drafting-service");

            // enrollment-service dead-letters a record; the console reads it, and may not write there
            String deadLetters = Topics.deadLetter(Topics.MEETING_BOOKED, "enrollment-service");
            send(broker.clientProperties("enrollment-service"), deadLetters, true);
            assertThat(read(broker.clientProperties("console"), "console", deadLetters))
                    .containsExactly("from enrollment-service");
            assertThatThrownBy(() -> send(broker.clientProperties("console"), deadLetters, true))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    /** What this principal reads of the topic with this group, from the start, until it has read something. */
    private static List<String> read(Map<String, Object> login, String group, String topic) {
        Map<String, Object> consumer = new HashMap<>(login);
        consumer.put("group.id", group);
        consumer.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, byte[]> records =
                new KafkaConsumer<>(consumer, new StringDeserializer(), new ByteArrayDeserializer())) {
            records.subscribe(List.of(topic));
            List<String> read = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read.isEmpty() && System.nanoTime() < deadline) {
                records.poll(Duration.ofMillis(500))
                        .forEach(record -> read.add(new String(record.value(), StandardCharsets.UTF_8)));
            }
            return read;
        }
    }

    private static void send(Map<String, Object> login, String topic, boolean idempotent) throws Exception {
        Map<String, Object> config = new HashMap<>(login);
        config.put("enable.idempotence", idempotent);
        config.put("acks", "all");
        config.put("max.block.ms", 15_000);
        config.put("delivery.timeout.ms", 15_000);
        config.put("request.timeout.ms", 10_000);
        String user = ((String) login.get("sasl.jaas.config")).replaceAll(".*username=\"([^\"]+)\".*", "$1");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "b2bea:acl", ("from " + user).getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
    }

    private static String secret() {
        return UUID.randomUUID().toString();
    }
}
