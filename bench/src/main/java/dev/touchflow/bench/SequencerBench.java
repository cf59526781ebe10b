package dev.touchflow.bench;

import dev.touchflow.embedded.FreePorts;
import dev.touchflow.embedded.IssuerKeys;
import dev.touchflow.embedded.KraftBroker;
import dev.touchflow.embedded.PostgresServer;
import dev.touchflow.embedded.ScratchDirectory;
import dev.touchflow.schemas.sequencer.StepDue;
import dev.touchflow.schemas.serde.AvroSingleObjectDeserializer;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.sequencer.SequencerApplication;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./touchflow bench sequencer}: the real sequencer on the embedded PostgreSQL and Kafka.
 * Loads N enrollments, measures the rate at which StepDue events are acknowledged when all N are due
 * at once, then the lateness (due time to the broker's append time) while timers come due at a
 * steady rate over a background of N not-yet-due timers, then db-scheduler draining N no-op tasks
 * on the same PostgreSQL. Prints one JSON object.
 */
public final class SequencerBench {

    private static final String STEADY = "steady";
    private static final int WARM_UP = 250_000;
    private static final int WARM_UP_ROUNDS = 2;
    /** -Dbench.timeline=true prints, per 100 ms of due times in the steady run, the late ones (over 50 ms). */
    private static final boolean TIMELINE = Boolean.getBoolean("bench.timeline");

    private static final List<long[]> timeline = Collections.synchronizedList(new ArrayList<>());

    private SequencerBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        System.out.println(run(
                Integer.parseInt(options.getOrDefault("enrollments", "100000")),
                Integer.parseInt(options.getOrDefault("steady-rate", "10000")),
                Integer.parseInt(options.getOrDefault("steady-seconds", "60")),
                Integer.parseInt(options.getOrDefault("batch-size", "1000")),
                Boolean.parseBoolean(options.getOrDefault("pg-statements", "false"))));
    }

    static String run(int enrollments, int steadyRate, int steadySeconds, int batchSize, boolean statements)
            throws Exception {
        try (ScratchDirectory directory = ScratchDirectory.create("touchflow-bench-");
                KraftBroker broker = KraftBroker.start(directory.resolve("kafka"), FreePorts.next(), FreePorts.next());
                PostgresServer postgres = PostgresServer.start(
                        directory.resolve("postgres"), FreePorts.next(), serverSettings(statements))) {
            postgres.ensureDatabase("bench_sequencer");
            postgres.ensureDatabase("bench_db_scheduler");
            ConfigurableApplicationContext sequencer = startSequencer(broker, postgres, batchSize);
            try (Connection jdbc = DriverManager.getConnection(
                            postgres.jdbcUrl("bench_sequencer") + "?reWriteBatchedInserts=true",
                            postgres.username(),
                            "");
                    Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                appendTimeOnStepDue(admin);
                double loadRate = warmUp(jdbc, admin, Math.min(WARM_UP, enrollments));
                StatementProfile profile = statements ? StatementProfile.prepare(jdbc) : null;
                double backlogRate = backlog(jdbc, admin, enrollments, loadRate, profile);
                if (profile != null) {
                    System.err.println(profile.report());
                }
                Steady steady = steady(jdbc, broker.bootstrapServers(), steadyRate, steadySeconds);
                sequencer.close();
                double dbScheduler = DbSchedulerBaseline.drainRate(
                        postgres.jdbcUrl("bench_db_scheduler"), postgres.username(), enrollments);
                return json(enrollments, batchSize, backlogRate, steadyRate, steady, dbScheduler);
            } finally {
                if (sequencer.isActive()) {
                    sequencer.close();
                }
            }
        }
    }

    /**
     * Drains unmeasured backlogs first and forgets them, as a JVM benchmark warms up: on two cores
     * the JIT compiler otherwise takes a third of the machine for the first minute, and after one
     * drain of 250,000 it still took 8 to 9 % of the measured one. The warm-up's rows are then
     * deleted and vacuumed, so the measured drain does not pay for cleaning up after them.
     */
    private static double warmUp(Connection jdbc, Admin admin, int timers) throws Exception {
        double loadRate = 0;
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            Map<TopicPartition, OffsetSpec> ends = latestOffsetsOfStepDue(admin);
            long before = acknowledged(admin, ends);
            long loading = System.nanoTime();
            String prefix = "warmup" + round;
            new TimerLoader().load(jdbc, prefix, timers, i -> Instant.now().plusSeconds(3600), "scheduled");
            loadRate = timers / ((System.nanoTime() - loading) / 1e9);
            try (Statement statement = jdbc.createStatement()) {
                statement.executeUpdate(
                        "UPDATE timers SET fire_at = now() - interval '1 second' WHERE contact_id LIKE '" + prefix
                                + "-%'");
            }
            while (acknowledged(admin, ends) - before < timers) {
                Thread.sleep(100);
            }
        }
        try (Statement statement = jdbc.createStatement()) {
            statement.executeUpdate("DELETE FROM timers WHERE contact_id LIKE 'warmup%'");
            statement.executeUpdate("DELETE FROM touch_ledger WHERE contact_id LIKE 'warmup%'");
            statement.execute("VACUUM (ANALYZE) timers, touch_ledger, outbox, step_journal");
        }
        return loadRate;
    }

    /**
     * Loads N timers all due at one moment, a little after the load will have finished (as fast as
     * the warm-up loaded), so the sequencer passes them by until then; the rate counts from that
     * moment. Should the load run late, the rate still counts from it, and so comes out lower. A
     * statement profile, if one is kept, starts at that moment too: the load and the empty polls
     * while it ran are not the drain's.
     */
    private static double backlog(
            Connection jdbc, Admin admin, int enrollments, double loadRate, StatementProfile profile) throws Exception {
        Map<TopicPartition, OffsetSpec> ends = latestOffsetsOfStepDue(admin);
        long before = acknowledged(admin, ends);
        long loadMillis = (long) (enrollments / loadRate * 1000 * 1.5) + 3000;
        Instant due = Instant.now().plusMillis(loadMillis);
        new TimerLoader().load(jdbc, "backlog", enrollments, i -> due, "scheduled");
        long untilDue = Duration.between(Instant.now(), due).toMillis();
        if (untilDue < 0) {
            System.err.printf("the backlog's load ended %d ms after its timers were due%n", -untilDue);
        }
        Thread.sleep(Math.max(0, untilDue));
        long start = System.nanoTime(); // all N are due from now on
        System.err.printf("%s backlog of %d due%n", Instant.now(), enrollments);
        if (profile != null) {
            profile.restart();
        }
        while (acknowledged(admin, ends) - before < enrollments) {
            Thread.sleep(50);
        }
        System.err.printf("%s backlog drained%n", Instant.now());
        return enrollments / ((System.nanoTime() - start) / 1e9 - Math.min(0, untilDue) / 1000.0);
    }

    private record Steady(double rate, long delivered, long[] lateness) {}

    private static Steady steady(Connection jdbc, String bootstrap, int rate, int seconds) throws Exception {
        long expected = (long) rate * seconds;
        List<Long> lateness = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean done = new AtomicBoolean();
        Thread consumer = new Thread(() -> consume(bootstrap, expected, lateness, done), "bench-consumer");
        consumer.start();
        Thread.sleep(2000);
        Instant start = Instant.now().plusSeconds(1);
        TimerLoader loader = new TimerLoader();
        int chunkMillis = 20;
        int perChunk = Math.max(1, rate * chunkMillis / 1000);
        long chunks = expected / perChunk;
        for (long chunk = 0; chunk < chunks; chunk++) {
            Instant chunkStart = start.plusMillis(chunk * chunkMillis);
            long waitUntil = chunkStart.minusMillis(300).toEpochMilli();
            long sleep = waitUntil - System.currentTimeMillis();
            if (sleep > 0) {
                Thread.sleep(sleep);
            }
            loader.load(
                    jdbc,
                    STEADY + "-" + chunk,
                    perChunk,
                    i -> chunkStart.plusNanos((long) i * chunkMillis * 1_000_000L / perChunk),
                    "scheduled");
        }
        long deadline = System.currentTimeMillis() + 120_000;
        while (lateness.size() < chunks * perChunk && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        done.set(true);
        consumer.join(10_000);
        long[] sorted = lateness.stream().mapToLong(Long::longValue).sorted().toArray();
        if (TIMELINE) {
            printTimeline();
        }
        double span = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        return new Steady(sorted.length / Math.max(span, seconds), sorted.length, sorted);
    }

    private static void printTimeline() {
        TreeMap<Long, long[]> buckets = new TreeMap<>();
        synchronized (timeline) {
            for (long[] t : timeline) {
                long[] b = buckets.computeIfAbsent(t[0] / 100, k -> new long[3]);
                b[0]++;
                b[1] += t[1] - t[0] > 50 ? 1 : 0;
                b[2] = Math.max(b[2], t[1] - t[0]);
            }
        }
        buckets.forEach((bucket, b) -> {
            if (b[1] > 0) {
                System.err.printf(
                        "late %s: %d of %d over 50 ms, max %d ms%n",
                        Instant.ofEpochMilli(bucket * 100), b[1], b[0], b[2]);
            }
        });
    }

    private static void consume(String bootstrap, long expected, List<Long> lateness, AtomicBoolean done) {
        AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", bootstrap, "enable.auto.commit", false, "max.poll.records", 5000),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.STEP_DUE).stream()
                    .map(info -> new TopicPartition(Topics.STEP_DUE, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            while (!done.get() && lateness.size() < expected) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.key().contains(STEADY)) {
                        StepDue due = (StepDue) avro.deserialize(Topics.STEP_DUE, record.value());
                        lateness.add(record.timestamp() - due.getDueAt().toEpochMilli());
                        if (TIMELINE) {
                            timeline.add(new long[] {due.getDueAt().toEpochMilli(), record.timestamp()});
                        }
                    }
                }
            }
        }
    }

    /** Asked once, so that watching the backlog drain costs the box under test as little as it can. */
    private static Map<TopicPartition, OffsetSpec> latestOffsetsOfStepDue(Admin admin) throws Exception {
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

    private static long acknowledged(Admin admin, Map<TopicPartition, OffsetSpec> ends) throws Exception {
        return admin.listOffsets(ends).all().get().values().stream()
                .mapToLong(info -> info.offset())
                .sum();
    }

    /** The broker stamps each StepDue when it appends it, so lateness ends where acknowledgement does. */
    private static void appendTimeOnStepDue(Admin admin) throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.STEP_DUE);
        admin.incrementalAlterConfigs(Map.of(
                        topic,
                        List.of(new AlterConfigOp(
                                new ConfigEntry("message.timestamp.type", "LogAppendTime"), AlterConfigOp.OpType.SET))))
                .all()
                .get();
    }

    private static ConfigurableApplicationContext startSequencer(
            KraftBroker broker, PostgresServer postgres, int batchSize) {
        return new SpringApplicationBuilder(SequencerApplication.class)
                .registerShutdownHook(false)
                .run(
                        "--spring.config.name=sequencer-service",
                        "--server.port=0",
                        "--spring.main.banner-mode=off",
                        "--spring.main.log-startup-info=false",
                        "--logging.level.root=WARN",
                        "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                        "--spring.r2dbc.url=" + postgres.r2dbcUrl("bench_sequencer")
                                + System.getProperty("bench.r2dbc.options", ""),
                        "--spring.r2dbc.username=postgres",
                        "--spring.flyway.url=" + postgres.jdbcUrl("bench_sequencer"),
                        "--spring.flyway.user=postgres",
                        "--touchflow.sequencer.poll-interval=10ms",
                        "--touchflow.sequencer.batch-size=" + batchSize,
                        "--touchflow.platform.outbox.poll-interval=10ms",
                        "--touchflow.platform.outbox.batch-size=" + batchSize,
                        "--touchflow.security.jwk-set=" + IssuerKeys.generate().publicJwkSet(),
                        "--touchflow.security.issuer=https://bench.invalid");
    }

    private static String json(
            int enrollments, int batchSize, double backlogRate, int steadyRate, Steady steady, double dbScheduler) {
        long[] l = steady.lateness();
        return String.format(
                Locale.ROOT,
                """
                {"enrollments": %d, "batch_size": %d, "backlog_fire_rate_per_s": %.0f, "steady_target_rate_per_s": %d,
                 "steady_rate_per_s": %.0f, "steady_delivered": %d,
                 "lateness_ms": {"p50": %d, "p99": %d, "p999": %d, "max": %d},
                 "db_scheduler_rate_per_s": %.0f, "ratio_vs_db_scheduler": %.2f}""",
                enrollments,
                batchSize,
                backlogRate,
                steadyRate,
                steady.rate(),
                steady.delivered(),
                percentile(l, 0.50),
                percentile(l, 0.99),
                percentile(l, 0.999),
                l.length == 0 ? -1 : l[l.length - 1],
                dbScheduler,
                backlogRate / dbScheduler);
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? -1 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("usage: bench sequencer [--enrollments N] [--steady-rate R] "
                        + "[--steady-seconds S] [--batch-size B] [--pg-statements true]; got " + Arrays.toString(args));
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static Map<String, String> serverSettings(boolean statements) {
        Map<String, String> settings = new HashMap<>();
        if (statements) {
            settings.put("shared_preload_libraries", "pg_stat_statements");
        }
        for (String pair : System.getProperty("bench.pg.settings", "").split(";")) {
            if (pair.contains("=")) {
                settings.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        return settings;
    }
}
