package dev.touchflow.local;

import dev.touchflow.schemas.topics.TopicOwners;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What an operator does to replay: moves every committed offset of the given consumer groups back
 * to the start of its partition. The groups must have no running members, so stop their
 * listeners (or the services) first. Touchflow's consumers are idempotent, so a replay has no new
 * effects.
 */
public final class ConsumerGroupReplay {

    private final String bootstrapServers;

    public ConsumerGroupReplay(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Rewinds each group on every partition it has committed; returns the partitions rewound per group. */
    public Map<String, Set<TopicPartition>> rewind(Collection<String> groups) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<String, Set<TopicPartition>> rewound = new HashMap<>();
            for (String group : groups) {
                Set<TopicPartition> partitions = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get()
                        .keySet();
                if (partitions.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, OffsetSpec> earliest = partitions.stream()
                        .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.earliest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
                        admin.listOffsets(earliest).all().get();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                starts.forEach((partition, start) -> offsets.put(partition, new OffsetAndMetadata(start.offset())));
                admin.alterConsumerGroupOffsets(group, offsets).all().get();
                rewound.put(group, partitions);
            }
            return rewound;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rewinding consumer groups", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot rewind consumer groups " + groups + ": "
                            + e.getCause().getMessage() + " (are their services still running?)",
                    e);
        }
    }

    /** The consumer groups of Touchflow's five services and the console's read model. */
    public static List<String> touchflowGroups() {
        return TopicOwners.all().stream().map(TopicOwners::service).toList();
    }
}
