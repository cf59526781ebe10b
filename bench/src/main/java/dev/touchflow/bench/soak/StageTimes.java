package dev.touchflow.bench.soak;

import dev.touchflow.local.workload.ScriptedContact;
import dev.touchflow.local.workload.Workload;
import dev.touchflow.schemas.topics.Topics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** How long each stage of the pipeline took for a soak's contacts, from the scripts' times, the tables and the topics. */
final class StageTimes {

    private StageTimes() {}

    /**
     * Each stage's latencies in milliseconds, one per contact or touch that went through it: booked →
     * at the gate, routed → first draft staged, approved → accepted by the SMTP server, reply handed to
     * the mail server → classified, and → the enrollment changed (paused, exited).
     */
    static Map<String, List<Long>> of(
            Workload workload, String prefix, Map<String, DataSource> databases, String bootstrapServers)
            throws SQLException {
        Map<String, Instant> atGate = firstPerContact(
                databases.get("touchflow_enrollment"),
                "SELECT contact_id, received_at FROM gate_requests WHERE client_id = ? AND contact_id LIKE ?",
                prefix);
        Map<String, Instant> staged = firstPerContact(databases.get("touchflow_drafting"), """
                SELECT contact_id, min(created_at) FROM drafts WHERE client_id = ? AND contact_id LIKE ? AND step_number = 1
                GROUP BY contact_id""", prefix);
        Map<String, Instant> accepted = firstPerContact(databases.get("touchflow_dispatch"), """
                SELECT draft_id::text, sent_at FROM sales_send_queue
                WHERE client_id = ? AND contact_id LIKE ? AND status = 'sent'""", prefix);
        Map<String, List<Instant>> classified = recordTimes(bootstrapServers, Topics.REPLY_CLASSIFIED, prefix);
        Map<String, List<Instant>> enrollment = recordTimes(bootstrapServers, Topics.ENROLLMENT, prefix);

        Map<String, List<Long>> stages = new LinkedHashMap<>();
        List<Long> bookedToGate = new ArrayList<>();
        List<Long> routeToStaged = new ArrayList<>();
        List<Long> replyToClassified = new ArrayList<>();
        List<Long> replyToEnrollment = new ArrayList<>();
        for (ScriptedContact contact : workload.contacts()) {
            between(contact.bookedAt(), atGate.get(contact.id), bookedToGate);
            between(contact.routedAt(), staged.get(contact.id), routeToStaged);
            if (contact.repliedAt() != null) {
                between(
                        contact.repliedAt(),
                        firstAfter(classified.get(contact.id), contact.repliedAt()),
                        replyToClassified);
                between(
                        contact.repliedAt(),
                        firstAfter(enrollment.get(contact.id), contact.repliedAt()),
                        replyToEnrollment);
            }
        }
        List<Long> approveToAccepted = new ArrayList<>();
        workload.approvals()
                .forEach((draft, approvedAt) -> between(approvedAt, accepted.get(draft), approveToAccepted));
        stages.put("booked_to_gate", bookedToGate);
        stages.put("route_to_draft_staged", routeToStaged);
        stages.put("approve_to_smtp_accepted", approveToAccepted);
        stages.put("reply_to_classified", replyToClassified);
        stages.put("reply_to_enrollment_changed", replyToEnrollment);
        return stages;
    }

    private static void between(Instant from, Instant to, List<Long> into) {
        if (from != null && to != null) {
            into.add(Math.max(0, Duration.between(from, to).toMillis()));
        }
    }

    private static Instant firstAfter(List<Instant> times, Instant after) {
        if (times == null) {
            return null;
        }
        return times.stream()
                .filter(time -> !time.isBefore(after))
                .min(Instant::compareTo)
                .orElse(null);
    }

    /** The first column (a contact or draft id) mapped to the second (a time), for the run's contacts. */
    private static Map<String, Instant> firstPerContact(DataSource database, String sql, String prefix)
            throws SQLException {
        Map<String, Instant> times = new HashMap<>();
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, Workload.CLIENT);
            query.setString(2, prefix + "-%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Timestamp at = rows.getTimestamp(2);
                    if (at != null) {
                        times.merge(rows.getString(1), at.toInstant(), (a, b) -> a.isBefore(b) ? a : b);
                    }
                }
            }
        }
        return times;
    }

    /** The timestamps of every record of a topic about the run's contacts, by contact id, read from offset 0. */
    private static Map<String, List<Instant>> recordTimes(String bootstrapServers, String topic, String prefix) {
        String keyPrefix = Topics.contactKey(Workload.CLIENT, prefix + "-");
        Map<String, List<Instant>> times = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        5000),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Set<TopicPartition> open = new HashSet<>(partitions);
            open.removeIf(partition -> ends.get(partition) == 0);
            while (!open.isEmpty()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    if (record.key() != null && record.key().startsWith(keyPrefix)) {
                        times.computeIfAbsent(
                                        record.key().substring(Workload.CLIENT.length() + 1), id -> new ArrayList<>())
                                .add(Instant.ofEpochMilli(record.timestamp()));
                    }
                }
                open.removeIf(partition -> consumer.position(partition) >= ends.get(partition));
            }
        }
        return times;
    }
}
