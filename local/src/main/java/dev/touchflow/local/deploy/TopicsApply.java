package dev.touchflow.local.deploy;

import dev.touchflow.local.deploy.KafkaManifests.TopicSpec;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Makes a cluster hold the topics of a {@code topics.yaml} of Strimzi {@code KafkaTopic}s: creates the missing
 * ones, adds partitions where there are fewer (never removes any), and sets the configs the file names.
 * Replication is asked for as written, or as many as the cluster has brokers when it has fewer (the local
 * broker is one). What it did, or with {@code dryRun} would do, comes back one line per change.
 */
public final class TopicsApply {

    private TopicsApply() {}

    /** The topics a {@code topics.yaml} names. */
    @SuppressWarnings("unchecked")
    public static List<TopicSpec> read(Path file) throws IOException {
        List<TopicSpec> topics = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
                if (!(document instanceof Map<?, ?> resource) || !"KafkaTopic".equals(resource.get("kind"))) {
                    continue;
                }
                Map<String, Object> spec = (Map<String, Object>) resource.get("spec");
                Map<String, Object> metadata = (Map<String, Object>) resource.get("metadata");
                String name = (String) spec.getOrDefault("topicName", metadata.get("name"));
                Map<String, String> config = new LinkedHashMap<>();
                ((Map<String, Object>) spec.getOrDefault("config", Map.of()))
                        .forEach((key, value) -> config.put(key, String.valueOf(value)));
                topics.add(new TopicSpec(
                        name,
                        (Integer) spec.getOrDefault("partitions", 1),
                        (Integer) spec.getOrDefault("replicas", 1),
                        config));
            }
        }
        return topics;
    }

    /** Applies {@code topics} through {@code admin}; the changes, one line each. */
    public static List<String> apply(Admin admin, List<TopicSpec> topics, boolean dryRun)
            throws ExecutionException, InterruptedException {
        int brokers = admin.describeCluster().nodes().get().size();
        Set<String> existing = admin.listTopics().names().get();
        List<String> changes = new ArrayList<>();
        List<NewTopic> created = new ArrayList<>();
        Map<String, NewPartitions> grown = new LinkedHashMap<>();
        Map<ConfigResource, Collection<AlterConfigOp>> configs = new LinkedHashMap<>();
        Map<String, TopicDescription> described = admin.describeTopics(topics.stream()
                        .map(TopicSpec::name)
                        .filter(existing::contains)
                        .toList())
                .allTopicNames()
                .get();
        for (TopicSpec topic : topics) {
            if (!existing.contains(topic.name())) {
                short replicas = (short) Math.min(topic.replicas(), brokers);
                created.add(new NewTopic(topic.name(), topic.partitions(), replicas).configs(topic.config()));
                changes.add("create " + topic.name() + " (" + topic.partitions() + " partitions, " + replicas
                        + (replicas < topic.replicas()
                                ? " replicas: the cluster has " + brokers + " brokers)"
                                : " replicas)"));
                continue;
            }
            int partitions = described.get(topic.name()).partitions().size();
            if (partitions < topic.partitions()) {
                grown.put(topic.name(), NewPartitions.increaseTo(topic.partitions()));
                changes.add(
                        "grow " + topic.name() + " from " + partitions + " to " + topic.partitions() + " partitions");
            } else if (partitions > topic.partitions()) {
                changes.add("keep " + topic.name() + " at " + partitions + " partitions (the file says "
                        + topic.partitions() + "; Kafka never removes partitions)");
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
            var current = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            List<AlterConfigOp> ops = new ArrayList<>();
            topic.config().forEach((key, value) -> {
                ConfigEntry entry = current.get(key);
                if (entry == null || !value.equals(entry.value())) {
                    ops.add(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET));
                    changes.add("set " + topic.name() + " " + key + "=" + value
                            + (entry == null ? "" : " (was " + entry.value() + ")"));
                }
            });
            if (!ops.isEmpty()) {
                configs.put(resource, ops);
            }
        }
        if (!dryRun) {
            if (!created.isEmpty()) {
                admin.createTopics(created).all().get();
            }
            if (!grown.isEmpty()) {
                admin.createPartitions(grown).all().get();
            }
            if (!configs.isEmpty()) {
                admin.incrementalAlterConfigs(configs).all().get();
            }
        }
        return changes;
    }
}
