package dev.touchflow.platform.metrics;

import static org.awaitility.Awaitility.await;

import dev.touchflow.testkit.KafkaProbe;
import dev.touchflow.testkit.TestInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The lag gauge follows the broker, not a running consumer: it counts what a group that never committed
 * has not read, falls when the group commits and rises when records come while nobody consumes.
 */
class GroupLagIT {

    private final String bootstrap = TestInfrastructure.get().bootstrapServers();
    private final KafkaProbe kafka = new KafkaProbe(bootstrap);

    @Test
    void theLagOfAGroupWithNoConsumerFollowsItsCommitsAndNewRecords() throws Exception {
        String topic = "lag-test." + UUID.randomUUID();
        String group = "lag-test-" + UUID.randomUUID();
        kafka.createTopic(topic);
        for (int i = 0; i < 5; i++) {
            kafka.sendText(topic, "k", "v" + i);
        }
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GroupLag lag = new GroupLag(config, group, List.of(topic), Duration.ofMillis(200));
        lag.bindTo(registry);
        try (Admin admin = Admin.create(config)) {
            // a group that never committed has everything still to read
            await().atMost(Duration.ofSeconds(20)).until(() -> lagOf(registry, topic) == 5);

            // it commits past three of them
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(3)))
                    .all()
                    .get();
            await().atMost(Duration.ofSeconds(20)).until(() -> lagOf(registry, topic) == 2);

            // and records keep coming while nobody consumes
            for (int i = 0; i < 4; i++) {
                kafka.sendText(topic, "k", "w" + i);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> lagOf(registry, topic) == 6);
        } finally {
            lag.destroy();
        }
    }

    private static double lagOf(SimpleMeterRegistry registry, String topic) {
        return registry.get("touchflow.consumer.lag")
                .tag("topic", topic)
                .gauge()
                .value();
    }
}
