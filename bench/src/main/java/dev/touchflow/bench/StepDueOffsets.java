package dev.touchflow.bench;

import dev.touchflow.schemas.topics.Topics;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;

/** How many StepDue events the broker has acknowledged, read from the topic's end offsets. */
final class StepDueOffsets {

    private StepDueOffsets() {}

    /** Asked once, so that watching the backlog drain costs the box under test as little as it can. */
    static Map<TopicPartition, OffsetSpec> latestOffsetsOfStepDue(Admin admin) throws Exception {
        return admin
                .describeTopics(List.of(Topics.STEP_DUE))
                .allTopicNames()
                .get()
                .get(Topics.STEP_DUE)
                .partitions()
                .stream()
                .collect(Collectors.toMap(
                        p -> new TopicPartition(Topics.STEP_DUE, p.partition()), p -> OffsetSpec.latest()));
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
}
