package dev.touchflow.local.chaos;

import dev.touchflow.embedded.KraftCluster;
import dev.touchflow.embedded.SmtpFaultRelay;
import dev.touchflow.embedded.TcpProxy;
import dev.touchflow.local.LocalTouchflow;
import dev.touchflow.local.Pause;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The faults of a run, from a seeded random schedule: services killed with {@code SIGKILL} at random
 * moments (some the instant a message's end has reached the SMTP server, inside the send window) and
 * started again, a broker killed and restarted, PostgreSQL stopped and started, the SMTP provider
 * gone or answering 4xx, the network to PostgreSQL cut. The same seed plans the same faults.
 */
final class Faults {

    private static final Logger log = LoggerFactory.getLogger(Faults.class);
    /** The moving parts the faults act on. */
    interface Postgres {
        void stop();

        /** Starts the server if it is stopped. */
        void start();

        DataSource database(String name);
    }

    private final Random random;
    private final LocalTouchflow touchflow;
    private final KraftCluster cluster;
    private final Postgres postgres;
    private final TcpProxy postgresProxy;
    private final SmtpFaultRelay smtp;
    // enough threads that faults waiting (a kill for a service to be up, an outage its length) never queue others
    private final ScheduledThreadPoolExecutor clock = new ScheduledThreadPoolExecutor(16);
    /** Set once the faults stop: no kill lands after it, so nothing is left down. */
    private final AtomicBoolean healing = new AtomicBoolean();

    private final ServiceKills services;
    final AtomicInteger kills;
    final AtomicInteger sendWindowKills;
    final AtomicInteger brokerRestarts = new AtomicInteger();
    final AtomicInteger postgresRestarts = new AtomicInteger();
    final AtomicInteger smtpFaults = new AtomicInteger();
    final AtomicInteger networkCuts = new AtomicInteger();

    Faults(
            long seed,
            LocalTouchflow touchflow,
            KraftCluster cluster,
            Postgres postgres,
            TcpProxy postgresProxy,
            SmtpFaultRelay smtp) {
        this.random = new Random(seed);
        this.touchflow = touchflow;
        this.cluster = cluster;
        this.postgres = postgres;
        this.postgresProxy = postgresProxy;
        this.smtp = smtp;
        this.services = new ServiceKills(random, touchflow, postgres, healing);
        this.kills = services.kills;
        this.sendWindowKills = services.sendWindowKills;
        smtp.onEndOfData(services::maybeKillInSendWindow);
    }

    /**
     * The plan for a workload of this length: a kill every six seconds or so (at least 10), a quarter as
     * many again inside the send window, and at least one of every other fault.
     */
    List<FaultPlan.Planned> plan(Duration workload) {
        return FaultPlan.of(
                random,
                workload,
                touchflow.services().stream().map(LocalTouchflow.Service::name).toList(),
                cluster.size());
    }

    void start(List<FaultPlan.Planned> plan) {
        for (FaultPlan.Planned fault : plan) {
            clock.schedule(() -> run(fault), fault.at().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void run(FaultPlan.Planned fault) {
        try {
            if (fault.kind() != FaultPlan.Kind.KILL) {
                log.info("chaos: {} {}", fault.kind(), fault.target());
            }
            switch (fault.kind()) {
                case KILL -> services.killOne(fault);
                case SEND_WINDOW_KILL -> services.sendWindowArmed.incrementAndGet();
                case BROKER_RESTART -> {
                    int node = Integer.parseInt(fault.target().substring("node-".length()));
                    cluster.kill(node);
                    brokerRestarts.incrementAndGet();
                    Pause.of(Duration.ofSeconds(5 + random.nextInt(6)));
                    cluster.restart(node);
                }
                case PG_RESTART -> {
                    postgres.stop();
                    postgresRestarts.incrementAndGet();
                    // longer than the three retries over 1.5 s after which a consumer used to give a record up
                    Pause.of(Duration.ofSeconds(8));
                    postgres.start();
                }
                case SMTP_OUTAGE -> {
                    smtp.down();
                    smtpFaults.incrementAndGet();
                    Pause.of(Duration.ofSeconds(5));
                    smtp.up();
                }
                case SMTP_4XX -> {
                    smtp.failEveryRecipient(5);
                    smtpFaults.incrementAndGet();
                }
                case NETWORK_CUT -> {
                    postgresProxy.cut();
                    networkCuts.incrementAndGet();
                    Pause.of(Duration.ofSeconds(3));
                    postgresProxy.restore();
                }
                default -> throw new IllegalStateException("no such fault " + fault.kind());
            }
        } catch (RuntimeException e) {
            log.warn("chaos: {} {} failed: {}", fault.kind(), fault.target(), e.toString());
        }
    }

    /**
     * Whether kills inside the send window were planned and none has landed yet: while services keep
     * dying, dispatch may not have sent at all, and it sends again once the planned faults are over.
     */
    boolean awaitsASendWindowKill() {
        return services.awaitsASendWindowKill();
    }

    /** How many sends were left {@code sending} by kills: the most that may honestly end {@code unknown}. */
    int unknownBound() {
        return services.cutOff.count();
    }

    /** No more faults: the planned ones not yet begun are dropped, those under way end, and everything is up again. */
    void stopAndHeal() {
        healing.set(true);
        clock.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        clock.shutdown();
        services.sendWindowArmed.set(0);
        try {
            clock.awaitTermination(4, TimeUnit.MINUTES);
            services.restarts.shutdown();
            services.restarts.awaitTermination(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        smtp.up();
        postgresProxy.restore();
        postgres.start();
        for (int node = 1; node <= cluster.size(); node++) {
            cluster.restart(node);
        }
        touchflow.services().forEach(service -> services.supervise(service.name()));
    }
}
