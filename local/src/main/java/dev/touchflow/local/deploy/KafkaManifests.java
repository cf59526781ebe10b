package dev.touchflow.local.deploy;

import dev.touchflow.schemas.topics.TopicOwners;
import dev.touchflow.schemas.topics.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Strimzi's {@code KafkaTopic} for every topic and dead-letter topic, and a {@code KafkaUser} per service
 * with the ACLs of {@link TopicOwners}, written from the topic registry so that what the cluster holds
 * is what the services expect ({@code deploy/k8s/base/kafka/}, kept current by {@code ./touchflow topics
 * manifests --write}; a test fails when they are stale). The same topics file is what {@code ./touchflow
 * topics apply} creates or updates on any cluster.
 */
public final class KafkaManifests {

    /** Partitions of every topic: room for six instances of a service; more can be added later, never fewer. */
    public static final int PARTITIONS = 6;

    public static final int REPLICAS = 3;

    static final String CLUSTER = "touchflow";
    private static final long WEEK_MS = 7L * 24 * 3600 * 1000;

    private KafkaManifests() {}

    /** One topic as the cluster should hold it. */
    public record TopicSpec(String name, int partitions, int replicas, Map<String, String> config) {}

    /** Every topic the services read or write, with its dead-letter topics, in the registry's order. */
    public static List<TopicSpec> topics() {
        Set<String> names = new LinkedHashSet<>();
        for (TopicOwners owner : TopicOwners.all()) {
            names.addAll(owner.produces());
            names.addAll(owner.consumes());
        }
        for (TopicOwners owner : TopicOwners.all()) {
            names.addAll(owner.deadLetters());
        }
        List<TopicSpec> topics = new ArrayList<>();
        for (String name : names) {
            Map<String, String> config = new LinkedHashMap<>();
            config.put("min.insync.replicas", "2");
            if (Topics.COMPACTED.contains(name)) {
                config.put("cleanup.policy", "compact");
            } else {
                // below the inbox's 30 days, so a redelivered event is always recognised
                config.put("retention.ms", String.valueOf(name.endsWith(".dlt") ? 2 * WEEK_MS : WEEK_MS));
            }
            topics.add(new TopicSpec(name, PARTITIONS, REPLICAS, config));
        }
        return topics;
    }

    /** {@code topics.yaml}: a {@code KafkaTopic} per topic. */
    public static String topicsYaml() {
        StringBuilder yaml = new StringBuilder(header());
        for (TopicSpec topic : topics()) {
            yaml.append(resource("KafkaTopic", topic.name()))
                    .append("  topicName: ")
                    .append(topic.name())
                    .append('\n')
                    .append("  partitions: ")
                    .append(topic.partitions())
                    .append('\n')
                    .append("  replicas: ")
                    .append(topic.replicas())
                    .append('\n')
                    .append("  config:\n");
            topic.config()
                    .forEach((key, value) -> yaml.append("    ")
                            .append(key)
                            .append(": \"")
                            .append(value)
                            .append("\"\n"));
        }
        return yaml.toString();
    }

    /** {@code users.yaml}: a {@code KafkaUser} per service, SCRAM-SHA-512, with its ACLs. */
    public static String usersYaml() {
        StringBuilder yaml = new StringBuilder(header());
        for (TopicOwners owner : TopicOwners.all()) {
            yaml.append(resource("KafkaUser", owner.service()))
                    .append("  authentication:\n")
                    .append("    type: scram-sha-512\n")
                    .append("  authorization:\n")
                    .append("    type: simple\n")
                    .append("    acls:\n");
            Map<String, Set<String>> operations = new LinkedHashMap<>();
            for (AclBinding acl : owner.acls()) {
                operations
                        .computeIfAbsent(resource(acl), key -> new LinkedHashSet<>())
                        .add(operation(acl));
            }
            operations.forEach((resource, ops) -> yaml.append(resource)
                    .append("        operations: [")
                    .append(String.join(", ", ops))
                    .append("]\n"));
        }
        return yaml.toString();
    }

    private static String resource(AclBinding acl) {
        ResourceType type = acl.pattern().resourceType();
        String kind = type == ResourceType.CLUSTER ? "cluster" : type.name().toLowerCase(Locale.ROOT);
        StringBuilder resource = new StringBuilder("      - resource:\n          type: ")
                .append(kind)
                .append('\n');
        if (type != ResourceType.CLUSTER) {
            resource.append("          name: ")
                    .append(acl.pattern().name())
                    .append('\n')
                    .append("          patternType: literal\n");
        }
        return resource.toString();
    }

    /** Kafka's {@code IDEMPOTENT_WRITE} as Strimzi spells it, {@code IdempotentWrite}. */
    private static String operation(AclBinding acl) {
        StringBuilder name = new StringBuilder();
        for (String word : acl.entry().operation().name().split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return name.toString();
    }

    /** A Strimzi resource of the cluster, up to its {@code spec:}. */
    private static String resource(String kind, String name) {
        return "---\napiVersion: kafka.strimzi.io/v1\nkind: " + kind + "\nmetadata:\n  name: " + name
                + "\n  labels:\n    strimzi.io/cluster: " + CLUSTER + "\nspec:\n";
    }

    private static String header() {
        return "# Written by ./touchflow topics manifests --write from the topic registry (TopicOwners); do not edit.\n";
    }
}
