package dev.touchflow.bench;

import dev.touchflow.schemas.topics.Topics;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;

/**
 * The sequencer's topics as the benchmark watches them: how many StepDue events the broker has
 * acknowledged (the topic's end offsets), and whether the sequencer has taken every enrollment
 * published so far (its group's committed offsets).
 */
final class SequencerOffsets {

    /** The sequencer's consumer group. */
    private static final String GROUP = "sequencer-service";

    private SequencerOffsets() {}

    /** Asked once, so that watching the backlog drain costs the box under test as little as it can. */
    static Map<TopicPartition, OffsetSpec> latestOffsetsOfStepDue(Admin admin) throws Exception {
        return latestOffsetsOf(admin, Topics.STEP_DUE);
    }

    /** Every partition of {@code topic}, asking for its latest offset. */
    private static Map<TopicPartition, OffsetSpec> latestOffsetsOf(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
    }

    static long acknowledged(Admin admin, Map<TopicPartition, OffsetSpec> ends) throws Exception {
        return admin.listOffsets(ends).all().get().values().stream()
                .mapToLong(info -> info.offset())
                .sum();
    }

    /** The broker stamps each StepDue when it appends it, so lateness ends where acknowledgement does. */
    static void appendTimeOnStepDue(Admin admin) throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.STEP_DUE);
        admin.incrementalAlterConfigs(Map.of(
                        topic,
                        List.of(new AlterConfigOp(
                                new ConfigEntry("message.timestamp.type", "LogAppendTime"), AlterConfigOp.OpType.SET))))
                .all()
                .get();
    }

    /** Waits until the sequencer's group has committed every enrollment published so far. */
    static void awaitEnrollmentsTaken(Admin admin) throws Exception {
        Map<TopicPartition, Long> ends =
                admin.listOffsets(latestOffsetsOf(admin, Topics.ENROLLMENT)).all().get().entrySet().stream()
                        .collect(Collectors.toMap(
                                Map.Entry::getKey, e -> e.getValue().offset()));
        while (!taken(
                ends,
                admin.listConsumerGroupOffsets(GROUP)
                        .partitionsToOffsetAndMetadata()
                        .get())) {
            Thread.sleep(100);
        }
    }

    private static boolean taken(Map<TopicPartition, Long> ends, Map<TopicPartition, OffsetAndMetadata> committed) {
        return ends.entrySet().stream()
                .allMatch(end -> end.getValue() == 0
                        || (committed.get(end.getKey()) != null
                                && committed.get(end.getKey()).offset() >= end.getValue()));
    }
}
