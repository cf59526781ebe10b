package dev.touchflow.local;

import dev.touchflow.schemas.topics.TopicOwners;
import java.util.Collection;
import java.util.Comparator;
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

    /** One partition's committed offset, and where a replay puts it. */
    public record Move(TopicPartition partition, long from, long to) {

        /** How many records the group reads again. */
        public long reprocessed() {
            return Math.max(0, from - to);
        }
    }

    /**
     * Moves the group's committed offsets on {@code topic} (null: every topic it has committed on) to
     * {@code target}: {@link OffsetSpec#earliest()}, {@link OffsetSpec#forTimestamp(long)}, or, when
     * {@code offset} is given, that offset (within each partition's bounds). Refused while the group has
     * members, unless it is a dry run, which moves nothing and says what would move.
     */
    public List<Move> move(String group, String topic, OffsetSpec target, Long offset, boolean dryRun) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            int members = admin.describeConsumerGroups(List.of(group))
                    .all()
                    .get()
                    .get(group)
                    .members()
                    .size();
            if (members > 0 && !dryRun) {
                throw new IllegalStateException("consumer group " + group + " has " + members
                        + " active member(s): stop its service first (a --dry-run may run meanwhile)");
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            List<TopicPartition> partitions = committed.keySet().stream()
                    .filter(partition -> topic == null || partition.topic().equals(topic))
                    .sorted(Comparator.comparing(TopicPartition::topic).thenComparing(TopicPartition::partition))
                    .toList();
            if (partitions.isEmpty()) {
                return List.of();
            }
            Map<TopicPartition, Long> starts = offsets(admin, partitions, OffsetSpec.earliest());
            Map<TopicPartition, Long> ends = offsets(admin, partitions, OffsetSpec.latest());
            Map<TopicPartition, Long> targets = offset != null ? Map.of() : offsets(admin, partitions, target);
            List<Move> moves = partitions.stream()
                    .map(partition -> {
                        long to = offset != null ? offset : targets.get(partition);
                        // a time after the last record answers -1: the end
                        to = to < 0 ? ends.get(partition) : to;
                        to = Math.max(starts.get(partition), Math.min(ends.get(partition), to));
                        return new Move(partition, committed.get(partition).offset(), to);
                    })
                    .toList();
            if (!dryRun) {
                Map<TopicPartition, OffsetAndMetadata> moved = new HashMap<>();
                moves.forEach(move -> moved.put(move.partition(), new OffsetAndMetadata(move.to())));
                admin.alterConsumerGroupOffsets(group, moved).all().get();
            }
            return moves;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while moving " + group, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot move " + group + ": " + e.getCause().getMessage(), e);
        }
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(partitions.stream().collect(Collectors.toMap(partition -> partition, partition -> spec)))
                .all()
                .get()
                .forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    /** The consumer groups of Touchflow's five services and the console's read model. */
    public static List<String> touchflowGroups() {
        return TopicOwners.all().stream().map(TopicOwners::service).toList();
    }
}
