package dev.touchflow.bench;

import dev.touchflow.embedded.FreePorts;
import dev.touchflow.embedded.IssuerKeys;
import dev.touchflow.embedded.KraftBroker;
import dev.touchflow.embedded.PostgresServer;
import dev.touchflow.embedded.ScratchDirectory;
import dev.touchflow.local.CommandOptions;
import dev.touchflow.sequencer.SequencerApplication;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./touchflow bench sequencer}: the real sequencer on the embedded PostgreSQL and Kafka.
 * Loads N enrollments, measures the rate at which StepDue events are acknowledged when all N are due
 * at once, then the lateness (due time to the broker's append time) while timers come due at a
 * steady rate over a background of N not-yet-due timers, then db-scheduler draining N no-op tasks
 * on the same PostgreSQL. Prints one JSON object.
 */
public final class SequencerBench {

    private static final int WARM_UP = 250_000;
    private static final int WARM_UP_ROUNDS = 2;

    private SequencerBench() {}

    public static void main(String[] args) throws Exception {
        CommandOptions options = CommandOptions.parse(
                List.of(args),
                Set.of("--enrollments", "--steady-rate", "--steady-seconds", "--batch-size", "--pg-statements"));
        System.out.println(run(
                Math.toIntExact(options.whole("--enrollments", 100_000)),
                Math.toIntExact(options.whole("--steady-rate", 10_000)),
                Math.toIntExact(options.whole("--steady-seconds", 60)),
                Math.toIntExact(options.whole("--batch-size", 1000)),
                options.yesOrNo("--pg-statements", false)));
    }

    static String run(int enrollments, int steadyRate, int steadySeconds, int batchSize, boolean statements)
            throws Exception {
        try (ScratchDirectory directory = ScratchDirectory.create("touchflow-bench-");
                KraftBroker broker = KraftBroker.start(directory.resolve("kafka"), FreePorts.next(), FreePorts.next());
                PostgresServer postgres = PostgresServer.start(
                        directory.resolve("postgres"), FreePorts.next(), StatementProfile.serverSettings(statements))) {
            postgres.ensureDatabase("bench_sequencer");
            postgres.ensureDatabase("bench_db_scheduler");
            ConfigurableApplicationContext sequencer = startSequencer(broker, postgres, batchSize);
            try (Connection jdbc = DriverManager.getConnection(
                            postgres.jdbcUrl("bench_sequencer") + "?reWriteBatchedInserts=true",
                            postgres.username(),
                            "");
                    Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                StepDueOffsets.appendTimeOnStepDue(admin);
                double loadRate = warmUp(jdbc, admin, Math.min(WARM_UP, enrollments));
                StatementProfile profile = statements ? StatementProfile.prepare(jdbc) : null;
                double backlogRate = backlog(jdbc, admin, enrollments, loadRate, profile);
                if (profile != null) {
                    System.err.println(profile.report());
                }
                SteadyRun.Steady steady = SteadyRun.run(jdbc, broker.bootstrapServers(), steadyRate, steadySeconds);
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
            Map<TopicPartition, OffsetSpec> ends = StepDueOffsets.latestOffsetsOfStepDue(admin);
            long before = StepDueOffsets.acknowledged(admin, ends);
            long loading = System.nanoTime();
            String prefix = "warmup" + round;
            new TimerLoader().load(jdbc, prefix, timers, i -> Instant.now().plusSeconds(3600), "scheduled");
            loadRate = timers / ((System.nanoTime() - loading) / 1e9);
            try (Statement statement = jdbc.createStatement()) {
                statement.executeUpdate(
                        "UPDATE timers SET fire_at = now() - interval '1 second' WHERE contact_id LIKE '" + prefix
                                + "-%'");
            }
            while (StepDueOffsets.acknowledged(admin, ends) - before < timers) {
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
        Map<TopicPartition, OffsetSpec> ends = StepDueOffsets.latestOffsetsOfStepDue(admin);
        long before = StepDueOffsets.acknowledged(admin, ends);
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
        while (StepDueOffsets.acknowledged(admin, ends) - before < enrollments) {
            Thread.sleep(50);
        }
        System.err.printf("%s backlog drained%n", Instant.now());
        return enrollments / ((System.nanoTime() - start) / 1e9 - Math.min(0, untilDue) / 1000.0);
    }

    private static ConfigurableApplicationContext startSequencer(
            KraftBroker broker, PostgresServer postgres, int batchSize) {
        return BenchServices.start(
                SequencerApplication.class,
                "sequencer-service",
                "bench_sequencer",
                broker,
                postgres,
                IssuerKeys.generate(),
                "--touchflow.sequencer.poll-interval=10ms",
                "--touchflow.sequencer.batch-size=" + batchSize,
                "--touchflow.platform.outbox.poll-interval=10ms",
                "--touchflow.platform.outbox.batch-size=" + batchSize);
    }

    private static String json(
            int enrollments,
            int batchSize,
            double backlogRate,
            int steadyRate,
            SteadyRun.Steady steady,
            double dbScheduler) {
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
}
