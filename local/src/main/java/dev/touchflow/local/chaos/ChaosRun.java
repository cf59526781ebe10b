package dev.touchflow.local.chaos;

import dev.touchflow.embedded.FreePorts;
import dev.touchflow.embedded.KraftCluster;
import dev.touchflow.embedded.MailSink;
import dev.touchflow.embedded.SmtpFaultRelay;
import dev.touchflow.embedded.TcpProxy;
import dev.touchflow.local.Backbone;
import dev.touchflow.local.LocalSettings;
import dev.touchflow.local.LocalTouchflow;
import dev.touchflow.local.Pause;
import dev.touchflow.local.workload.OperatorApi;
import dev.touchflow.local.workload.Workload;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./touchflow chaos}: the five services as separate processes on a three-node KRaft cluster,
 * PostgreSQL behind a TCP proxy and the SMTP sink behind a fault relay; a steady workload through the
 * whole pipeline while faults land from a seeded schedule; then the history is checked, every topic
 * replayed from offset 0 into every group, and checked again.
 */
public final class ChaosRun {

    private static final Logger log = LoggerFactory.getLogger(ChaosRun.class);

    /**
     * @param workload how long meetings are booked and faults injected
     * @param seed the seed of the fault schedule (and of the contacts' names)
     * @param meetingsPerSecond how many meetings are booked a second
     * @param settle how long, after the faults, everything has to reach its end state
     */
    public record Options(
            Duration workload, long seed, double meetingsPerSecond, Duration settle, Path state, int minimumKills) {

        /** A run of exactly the workload's length, however many kills land in it. */
        public Options(Duration workload, long seed, double meetingsPerSecond, Duration settle, Path state) {
            this(workload, seed, meetingsPerSecond, settle, state, 0);
        }
    }

    private ChaosRun() {}

    /** Runs the suite and returns its report; the report says whether every invariant held. */
    public static ChaosReport run(Options options) throws Exception {
        Path state = options.state();
        String prefix = "chaos-" + Long.toUnsignedString(options.seed(), 36);
        KraftCluster cluster = KraftCluster.start(state.resolve("kafka"), 3);
        RestartablePostgres postgres = new RestartablePostgres(state.resolve("postgres"), FreePorts.next());
        TcpProxy postgresProxy = TcpProxy.start(0, "127.0.0.1", postgres.port);
        MailSink mail = MailSink.start(state.resolve("mail"), 0, 0);
        SmtpFaultRelay smtp = SmtpFaultRelay.start(FreePorts.next(), mail.smtpPort());
        LocalSettings settings = new LocalSettings(
                state, 0, 0, postgres.port, 0, 0, LocalSettings.Ports.free(), overrides(), Clock.systemUTC());
        Backbone backbone = new Backbone(
                cluster.bootstrapServers(), postgres.current, postgresProxy.port(), mail, smtp.port(), () -> {
                    smtp.close();
                    mail.close();
                    postgresProxy.close();
                    postgres.stop();
                    cluster.close();
                });
        long started = System.nanoTime();
        try (LocalTouchflow touchflow = LocalTouchflow.start(settings, backbone, LocalTouchflow.Mode.PROCESSES)) {
            log.info("chaos: everything is up after {} s; state in {}", seconds(started), state);
            OperatorApi api = new OperatorApi(touchflow.operatorToken());
            Workload workload = new Workload(
                    prefix,
                    cluster.bootstrapServers(),
                    settings.services(),
                    api,
                    mail,
                    () -> postgres.database("touchflow_enrollment"));
            History history = new History(prefix, workload, mail, postgres::database, cluster.bootstrapServers());
            workload.createCampaigns();
            Faults faults = new Faults(options.seed(), touchflow, cluster, postgres, postgresProxy, smtp);
            List<FaultPlan.Planned> plan = faults.plan(options.workload());
            faults.start(plan);
            workload.bookFor(options.workload(), options.meetingsPerSecond(), Duration.ofMillis(250), workload::round);
            // on a slow machine restarts take long and kills land slowly: the workload goes on (up to twice
            // its length) until the asked number has landed, one of them inside the send window
            long extended = System.nanoTime() + options.workload().toNanos();
            while ((faults.kills.get() < options.minimumKills() || faults.awaitsASendWindowKill())
                    && System.nanoTime() < extended) {
                workload.bookFor(
                        Duration.ofSeconds(5), options.meetingsPerSecond(), Duration.ofMillis(250), workload::round);
            }
            log.info(
                    "chaos: workload done ({} contacts), healing",
                    workload.contacts().size());
            faults.stopAndHeal();
            History.Verdict verdict = settle(workload, history, options.settle());
            log.info("chaos: settled={} stuck={}", verdict.settled(), verdict.stuck());
            ReplayCheck replay = ReplayCheck.of(touchflow, history);
            workload.close();
            return new ChaosReport(
                    options.seed(),
                    options.workload(),
                    faults.kills.get(),
                    faults.sendWindowKills.get(),
                    faults.brokerRestarts.get(),
                    faults.postgresRestarts.get(),
                    faults.smtpFaults.get(),
                    faults.networkCuts.get(),
                    verdict,
                    faults.unknownBound(),
                    replay.deliveries(),
                    replay.changedTables(),
                    seconds(started));
        }
    }

    /** The workload's settings, and the fault suite's: a send cut off by a kill is judged soon. */
    private static Map<String, String> overrides() {
        Map<String, String> overrides = new LinkedHashMap<>(Workload.serviceSettings());
        overrides.put("touchflow.platform.replication-factor", "3");
        overrides.put("touchflow.dispatch.retry-backoff", "1s");
        overrides.put("touchflow.dispatch.max-attempts", "50");
        overrides.put("touchflow.dispatch.provider-timeout", "10s");
        // a send still sending this long after it was claimed was cut off by a kill: unknown, never resent
        overrides.put("touchflow.dispatch.stale-sending", "20s");
        return overrides;
    }

    /** Lets the scripted people go on until every contact is where their script leads and nothing is under way. */
    private static History.Verdict settle(Workload workload, History history, Duration patience) throws SQLException {
        long deadline = System.nanoTime() + patience.toNanos();
        History.Verdict verdict = null;
        long reported = System.nanoTime();
        while (System.nanoTime() < deadline) {
            workload.round();
            try {
                verdict = history.judge();
                if (verdict.settled()) {
                    return verdict;
                }
                if (System.nanoTime() - reported > Duration.ofSeconds(30).toNanos()) {
                    reported = System.nanoTime();
                    log.info(
                            "chaos: settling: {} stuck, {} sends under way, {} unpublished, lag {}",
                            verdict.stuck().size(),
                            verdict.unsettledSends(),
                            verdict.outboxUnpublished(),
                            verdict.consumerLag());
                }
            } catch (SQLException notYet) {
                log.info("chaos: cannot read the history yet: {}", notYet.getMessage());
            }
            Pause.of(Duration.ofSeconds(1));
        }
        return verdict != null ? verdict : history.judge();
    }

    private static long seconds(long since) {
        return Duration.ofNanos(System.nanoTime() - since).toSeconds();
    }
}
