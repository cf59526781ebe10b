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
 * {@code ./touchflow bench sequencer}: the real sequencer on the embedded PostgreSQL and Kafka, fed
 * only through its way in, Enrolled events on the enrollment topic. Publishes N enrollments due at one
 * moment ahead, measures the rate at which StepDue events are acknowledged once all N are due, then the
 * lateness (due time to the broker's append time) while timers come due at a steady rate over a
 * background of the N enrollments' not-yet-due second steps, then db-scheduler draining N no-op tasks
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
                    Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
                    EnrollmentPublisher publisher = new EnrollmentPublisher(broker.bootstrapServers())) {
                SequencerOffsets.appendTimeOnStepDue(admin);
                double takeRate = warmUp(jdbc, admin, publisher, Math.min(WARM_UP, enrollments));
                StatementProfile profile = statements ? StatementProfile.prepare(jdbc) : null;
                Backlog backlog = backlog(admin, publisher, enrollments, takeRate, profile);
                if (profile != null) {
                    System.err.println(profile.report());
                }
                SteadyRun.Steady steady = SteadyRun.run(
                        broker.bootstrapServers(),
                        steadyRate,
                        steadySeconds,
                        (count, at) -> publisher
                                .publishAhead(admin, SteadyRun.STEADY, count, at, backlog.takeRate())
                                .untilDueMillis());
                sequencer.close();
                double dbScheduler = DbSchedulerBaseline.drainRate(
                        postgres.jdbcUrl("bench_db_scheduler"), postgres.username(), enrollments);
                return json(enrollments, batchSize, backlog, steadyRate, steady, dbScheduler);
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
     * drain of 250,000 it still took 8 to 9 % of the measured one. The first round is due as it is
     * published; the second ahead, as the backlog will be, which times the intake alone. The tables are
     * then vacuumed, as autovacuum would in time. Returns the last round's intake rate.
     */
    private static double warmUp(Connection jdbc, Admin admin, EnrollmentPublisher publisher, int timers)
            throws Exception {
        double takeRate = 0;
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            Map<TopicPartition, OffsetSpec> ends = SequencerOffsets.latestOffsetsOfStepDue(admin);
            long before = SequencerOffsets.acknowledged(admin, ends);
            if (round == 0) {
                Instant now = Instant.now();
                takeRate = publisher.publishTaken(admin, "warmup0", timers, i -> now);
            } else {
                takeRate = publisher
                        .publishAhead(admin, "warmup" + round, timers, i -> null, takeRate)
                        .perSecond();
            }
            while (SequencerOffsets.acknowledged(admin, ends) - before < timers) {
                Thread.sleep(100);
            }
        }
        try (Statement statement = jdbc.createStatement()) {
            statement.execute("VACUUM (ANALYZE) timers, touch_ledger, outbox, step_journal, inbox");
        }
        return takeRate;
    }

    /** The backlog's intake rate, and the rate its timers fired at once all were due. */
    private record Backlog(double takeRate, double fireRate) {}

    /**
     * Publishes N enrollments all due at one moment, a little after the sequencer will have taken them
     * in (at the warm-up's rate), so it passes them by until then; the rate counts from that moment.
     * Should the intake run late, the rate still counts from it, and so comes out lower. A statement
     * profile, if one is kept, starts at that moment too: the intake and the empty polls while it ran
     * are not the drain's.
     */
    private static Backlog backlog(
            Admin admin, EnrollmentPublisher publisher, int enrollments, double takeRate, StatementProfile profile)
            throws Exception {
        Map<TopicPartition, OffsetSpec> ends = SequencerOffsets.latestOffsetsOfStepDue(admin);
        long before = SequencerOffsets.acknowledged(admin, ends);
        EnrollmentPublisher.Intake intake = publisher.publishAhead(admin, "backlog", enrollments, i -> null, takeRate);
        long untilDue = intake.untilDueMillis();
        Thread.sleep(Math.max(0, untilDue));
        long start = System.nanoTime(); // all N are due from now on
        System.err.printf("%s backlog of %d due%n", Instant.now(), enrollments);
        if (profile != null) {
            profile.restart();
        }
        while (SequencerOffsets.acknowledged(admin, ends) - before < enrollments) {
            Thread.sleep(50);
        }
        System.err.printf("%s backlog drained%n", Instant.now());
        double seconds = (System.nanoTime() - start) / 1e9 - Math.min(0, untilDue) / 1000.0;
        return new Backlog(intake.perSecond(), enrollments / seconds);
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
            Backlog backlog,
            int steadyRate,
            SteadyRun.Steady steady,
            double dbScheduler) {
        return String.format(
                Locale.ROOT,
                """
                {"enrollments": %d, "batch_size": %d, "enrolled_taken_per_s": %.0f, "backlog_fire_rate_per_s": %.0f, "steady_target_rate_per_s": %d,
                 "steady_rate_per_s": %.0f, "steady_delivered": %d,
                 "lateness_ms": {"p50": %d, "p99": %d, "p999": %d, "max": %d},
                 "db_scheduler_rate_per_s": %.0f, "ratio_vs_db_scheduler": %.2f}""",
                enrollments,
                batchSize,
                backlog.takeRate(),
                backlog.fireRate(),
                steadyRate,
                steady.rate(),
                steady.delivered(),
                steady.percentile(0.50),
                steady.percentile(0.99),
                steady.percentile(0.999),
                steady.percentile(1),
                dbScheduler,
                backlog.fireRate() / dbScheduler);
    }
}
