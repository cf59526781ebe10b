package dev.touchflow.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.touchflow.local.deploy.KafkaManifests.TopicSpec;
import dev.touchflow.testkit.TestInfrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./touchflow topics apply} on the real broker: creates what is missing, grows partitions and sets
 * configs as the file says, says first what a dry run would do without doing it, and then has nothing
 * left to change.
 */
class TopicsApplyIT {

    @TempDir
    Path directory;

    @Test
    void aTopicsFileIsAppliedOnceAndAgainChangesNothing() throws Exception {
        String events = "apply-test." + UUID.randomUUID().toString().substring(0, 8) + ".events";
        String versions = events.replace(".events", ".versions");
        Path file = directory.resolve("topics.yaml");
        Files.writeString(file, topics(events, 2, "604800000", versions));

        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.get().bootstrapServers()))) {
            // the one test broker takes one replica of each, and says so
            assertThat(TopicsApply.apply(admin, TopicsApply.read(file), false))
                    .containsExactly(
                            "create " + events + " (2 partitions, 1 replicas: the cluster has 1 brokers)",
                            "create " + versions + " (1 partitions, 1 replicas: the cluster has 1 brokers)");
            assertThat(partitions(admin, events)).isEqualTo(2);
            assertThat(config(admin, versions, "cleanup.policy")).isEqualTo("compact");

            // When the file grows a topic and changes its retention, a dry run says so and changes nothing
            Files.writeString(file, topics(events, 4, "86400000", versions));
            List<String> planned = TopicsApply.apply(admin, TopicsApply.read(file), true);
            assertThat(planned)
                    .containsExactly(
                            "grow " + events + " from 2 to 4 partitions",
                            "set " + events + " retention.ms=86400000 (was 604800000)");
            assertThat(partitions(admin, events)).isEqualTo(2);

            // Then applying does it, and applying again finds nothing to do; fewer partitions are never taken
            assertThat(TopicsApply.apply(admin, TopicsApply.read(file), false)).isEqualTo(planned);
            assertThat(partitions(admin, events)).isEqualTo(4);
            assertThat(config(admin, events, "retention.ms")).isEqualTo("86400000");
            assertThat(TopicsApply.apply(admin, TopicsApply.read(file), false)).isEmpty();
            Files.writeString(file, topics(events, 3, "86400000", versions));
            assertThat(TopicsApply.apply(admin, TopicsApply.read(file), false))
                    .containsExactly(
                            "keep " + events + " at 4 partitions (the file says 3; Kafka never removes partitions)");
            assertThat(partitions(admin, events)).isEqualTo(4);
        }
    }

    @Test
    void theShippedTopicsFileNamesEveryTopicOfTheRegistry() throws Exception {
        List<TopicSpec> shipped = TopicsApply.read(Path.of("../deploy/k8s/base/kafka/topics.yaml"));

        assertThat(shipped).extracting(TopicSpec::name).contains("touchflow.approved", "touchflow.meeting-booked");
        assertThat(shipped).extracting(TopicSpec::name).doesNotHaveDuplicates();
    }

    private static String topics(String events, int partitions, String retention, String versions) {
        return """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata:
                  name: %s
                spec:
                  partitions: %d
                  replicas: 3
                  config:
                    retention.ms: "%s"
                ---
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata:
                  name: versions
                spec:
                  topicName: %s
                  partitions: 1
                  replicas: 3
                  config:
                    cleanup.policy: compact
                """.formatted(events, partitions, retention, versions);
    }

    private static int partitions(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get()
                .get(topic)
                .partitions()
                .size();
    }

    private static String config(Admin admin, String topic, String key) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource))
                .all()
                .get()
                .get(resource)
                .get(key)
                .value();
    }
}
