package dev.touchflow.bench.soak;

import dev.touchflow.embedded.FreePorts;
import dev.touchflow.embedded.PostgresServer;
import dev.touchflow.local.ConsumerLag;
import dev.touchflow.local.LocalSettings;
import dev.touchflow.local.LocalTouchflow;
import dev.touchflow.local.Pause;
import dev.touchflow.local.workload.OperatorApi;
import dev.touchflow.local.workload.ScriptedContact;
import dev.touchflow.local.workload.Workload;
import dev.touchflow.schemas.topics.Topics;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./touchflow bench soak}: the local runner (one JVM, its own broker, database and mail sink)
 * under a steady stream of booked meetings for a while, with the scripted people of the fault suite
 * routing, approving and answering; then every stage's latency, read from the services' own tables and
 * from the topics' record timestamps, and the consumer lag sampled throughout and after the load.
 */
public final class SoakRun {

    private static final Logger log = LoggerFactory.getLogger(SoakRun.class);
    private static final Duration PEOPLE_ROUND = Duration.ofMillis(250);

    /**
     * @param rate meetings booked (contacts enrolled) a second
     * @param load how long meetings are booked
     * @param drainLimit how long, after the load, lag may take to return to 0 before the run gives up waiting
     */
    public record Options(double rate, Duration load, Duration drainLimit, Path state) {}

    private SoakRun() {}

    public static SoakReport run(Options options) throws Exception {
        Path state = options.state();
        String prefix = "soak-" + Long.toString(System.currentTimeMillis(), 36);
        LocalSettings settings = new LocalSettings(
                state,
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next(),
                0,
                0,
                new LocalSettings.Ports(
                        FreePorts.next(),
                        FreePorts.next(),
                        FreePorts.next(),
                        FreePorts.next(),
                        FreePorts.next(),
                        FreePorts.next()),
                Workload.serviceSettings(),
                Clock.systemUTC());
        long started = System.nanoTime();
        try (LocalTouchflow touchflow = LocalTouchflow.start(settings, LocalTouchflow.Mode.ONE_JVM)) {
            PostgresServer postgres = touchflow.postgres();
            Map<String, DataSource> databases = new HashMap<>();
            for (String database : List.of("touchflow_enrollment", "touchflow_drafting", "touchflow_dispatch")) {
                databases.put(database, postgres.adminDataSource(database));
            }
            Workload workload = new Workload(
                    prefix,
                    touchflow.bootstrapServers(),
                    settings.services(),
                    new OperatorApi(touchflow.operatorToken()),
                    touchflow.mail(),
                    () -> databases.get("touchflow_enrollment"));
            workload.createCampaigns();
            ConsumerLag lag = new ConsumerLag(touchflow.bootstrapServers());
            List<long[]> lagSamples = new CopyOnWriteArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService people = Executors.newFixedThreadPool(5);
            people.execute(() -> everyRound(stop, workload.people()::routeBookedMeetings));
            people.execute(() -> everyRound(stop, workload.people()::approveDrafts));
            people.execute(() -> everyRound(stop, workload.people()::answerTouches));
            people.execute(() -> everyRound(stop, workload.people()::convertInterested));
            long loadStart = System.nanoTime();
            people.execute(() -> sampleLag(stop, lag, loadStart, lagSamples));

            log.info("soak: booking {} meetings a second for {}", options.rate(), options.load());
            // the people work on their own threads: the booking thread only books
            int booked = workload.bookFor(options.load(), options.rate(), Duration.ofMillis(10), () -> {});
            long loadEnd = System.nanoTime();
            log.info("soak: {} meetings booked; waiting for consumer lag to return to 0", booked);
            Double drainedAfter = null;
            while (System.nanoTime() - loadEnd < options.drainLimit().toNanos()) {
                long now = lag.ofTouchflow();
                if (now == 0) {
                    drainedAfter = (System.nanoTime() - loadEnd) / 1e9;
                    break;
                }
                Pause.of(Duration.ofSeconds(1));
            }
            // the people finish what is in flight (approvals of the last drafts, the last answers), then stop
            Pause.of(Duration.ofSeconds(15));
            stop.set(true);
            people.shutdown();
            people.awaitTermination(1, TimeUnit.MINUTES);
            workload.close();

            Map<String, List<Long>> stages = stages(workload, prefix, databases, touchflow.bootstrapServers());
            return new SoakReport(
                    options.rate(),
                    options.load(),
                    booked,
                    stages,
                    lagSamples,
                    drainedAfter,
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private static void everyRound(AtomicBoolean stop, Runnable activity) {
        while (!stop.get()) {
            try {
                activity.run();
            } catch (RuntimeException e) {
                log.warn("soak: a scripted round failed: {}", e.toString());
            }
            Pause.of(PEOPLE_ROUND);
        }
    }

    /** Lag every five seconds while meetings are booked and after, as {@code [seconds since the load began, lag]}. */
    private static void sampleLag(AtomicBoolean stop, ConsumerLag lag, long loadStart, List<long[]> samples) {
        while (!stop.get()) {
            samples.add(
                    new long[] {Duration.ofNanos(System.nanoTime() - loadStart).toSeconds(), lag.ofTouchflow()});
            Pause.of(Duration.ofSeconds(5));
        }
    }

    /**
     * Each stage's latencies in milliseconds, one per contact or touch that went through it: booked →
     * at the gate, routed → first draft staged, approved → accepted by the SMTP server, reply handed to
     * the mail server → classified, and → the enrollment changed (paused, exited).
     */
    private static Map<String, List<Long>> stages(
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
