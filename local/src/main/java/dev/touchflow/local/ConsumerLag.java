package dev.touchflow.local;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** How many records consumer groups have not consumed yet, as {@code kafka-consumer-groups --describe} counts it. */
public final class ConsumerLag {

    private final String bootstrapServers;

    public ConsumerLag(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** The lag summed over every partition the groups have committed; {@code -1} when the cluster does not answer. */
    public long of(Collection<String> groups) {
        Map<String, Long> byGroup = byGroup(groups);
        return byGroup.values().stream().anyMatch(lag -> lag < 0)
                ? -1
                : byGroup.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Each group's lag over every partition it has committed; {@code -1} for each when the cluster does
     * not answer. Every group's offsets are asked for in one request, and the partitions' ends in one.
     */
    public Map<String, Long> byGroup(Collection<String> groups) {
        Map<String, Long> lags = new LinkedHashMap<>();
        try (Admin admin = admin()) {
            Map<String, ListConsumerGroupOffsetsSpec> specs = new LinkedHashMap<>();
            groups.forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec()));
            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed =
                    admin.listConsumerGroupOffsets(specs).all().get();
            Set<TopicPartition> partitions = new HashSet<>();
            committed.values().forEach(offsets -> partitions.addAll(offsets.keySet()));
            Map<TopicPartition, Long> ends = endOffsets(admin, partitions);
            for (String group : groups) {
                long lag = 0;
                for (Map.Entry<TopicPartition, OffsetAndMetadata> entry :
                        committed.getOrDefault(group, Map.of()).entrySet()) {
                    if (entry.getValue() != null) {
                        lag += Math.max(
                                0, ends.get(entry.getKey()) - entry.getValue().offset());
                    }
                }
                lags.put(group, lag);
            }
            return lags;
        } catch (ExecutionException e) {
            groups.forEach(group -> lags.put(group, -1L));
            return lags;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            groups.forEach(group -> lags.put(group, -1L));
            return lags;
        }
    }

    /** The lag of Touchflow's five services. */
    public long ofTouchflow() {
        return of(ConsumerGroupReplay.touchflowGroups());
    }

    /** The records in every dead-letter topic ({@code *.dlt}); {@code -1} when the cluster does not answer. */
    public long deadLettered() {
        try (Admin admin = admin()) {
            Set<String> topics = admin.listTopics().names().get().stream()
                    .filter(name -> name.endsWith(".dlt"))
                    .collect(Collectors.toSet());
            if (topics.isEmpty()) {
                return 0;
            }
            Set<TopicPartition> partitions = admin.describeTopics(topics).allTopicNames().get().values().stream()
                    .flatMap(topic ->
                            topic.partitions().stream().map(p -> new TopicPartition(topic.name(), p.partition())))
                    .collect(Collectors.toSet());
            return endOffsets(admin, partitions).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        } catch (ExecutionException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, Set<TopicPartition> partitions)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest =
                partitions.stream().collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    private Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                30_000));
    }
}
