package dev.touchflow.local.chaos;

import dev.touchflow.embedded.KraftCluster;
import dev.touchflow.embedded.SmtpFaultRelay;
import dev.touchflow.embedded.TcpProxy;
import dev.touchflow.local.LocalTouchflow;
import dev.touchflow.local.Pause;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
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
    private static final String DISPATCH = "dispatch-service";
    /**
     * How long a service that came back runs before a plain kill may take it again: long enough to
     * rejoin its consumer groups and work off some of what waited, so kills land on work under way
     * rather than on a service that never gets going.
     */
    private static final Duration MIN_UPTIME = Duration.ofSeconds(5);

    /** What the fault does. */
    enum Kind {
        KILL,
        SEND_WINDOW_KILL,
        BROKER_RESTART,
        PG_RESTART,
        SMTP_OUTAGE,
        SMTP_4XX,
        NETWORK_CUT
    }

    /** One fault, {@code at} into the workload. */
    record Planned(Duration at, Kind kind, String target) {}

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
    private final ExecutorService restarts = Executors.newCachedThreadPool();
    private final Map<String, Semaphore> serviceLocks = new ConcurrentHashMap<>();
    /** When each service last came up ({@link System#nanoTime()}): a plain kill leaves it a moment to work. */
    private final Map<String, Long> upSince = new ConcurrentHashMap<>();

    private final AtomicInteger sendWindowArmed = new AtomicInteger();
    /** Set once the faults stop: no kill lands after it, so nothing is left down. */
    private final AtomicBoolean healing = new AtomicBoolean();

    private final Set<String> cutOffSends = ConcurrentHashMap.newKeySet();
    final AtomicInteger kills = new AtomicInteger();
    final AtomicInteger sendWindowKills = new AtomicInteger();
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
        touchflow.services().forEach(service -> {
            serviceLocks.put(service.name(), new Semaphore(1));
            upSince.put(service.name(), System.nanoTime());
        });
        smtp.onEndOfData(this::maybeKillInSendWindow);
    }

    /**
     * The plan for a workload of this length: a kill every six seconds or so (at least 10), a quarter as
     * many again inside the send window, and at least one of every other fault.
     */
    List<Planned> plan(Duration workload) {
        long seconds = workload.toSeconds();
        List<Planned> plan = new ArrayList<>();
        List<String> services =
                touchflow.services().stream().map(LocalTouchflow.Service::name).toList();
        int kills = (int) Math.max(10, seconds / 6);
        for (int i = 0; i < kills; i++) {
            plan.add(new Planned(at(seconds), Kind.KILL, services.get(random.nextInt(services.size()))));
        }
        for (int i = 0; i < Math.max(2, kills / 4); i++) {
            plan.add(new Planned(at(seconds), Kind.SEND_WINDOW_KILL, DISPATCH));
        }
        for (int i = 0; i < Math.max(1, seconds / 300); i++) {
            plan.add(new Planned(at(seconds), Kind.BROKER_RESTART, "node-" + (1 + random.nextInt(cluster.size()))));
            plan.add(new Planned(at(seconds), Kind.PG_RESTART, "postgres"));
        }
        for (int i = 0; i < Math.max(2, seconds / 60); i++) {
            plan.add(new Planned(at(seconds), i % 2 == 0 ? Kind.SMTP_OUTAGE : Kind.SMTP_4XX, "smtp"));
        }
        for (int i = 0; i < Math.max(1, seconds / 120); i++) {
            plan.add(new Planned(at(seconds), Kind.NETWORK_CUT, "postgres-network"));
        }
        plan.sort(Comparator.comparing(Planned::at));
        return plan;
    }

    /**
     * Somewhere after the first 5 % of the workload and before its last 10 %, so faults land on traffic;
     * a kill that finds no service up waits for one, until the heal.
     */
    private Duration at(long seconds) {
        return Duration.ofMillis((long) (seconds * 1000 * (0.05 + 0.85 * random.nextDouble())));
    }

    void start(List<Planned> plan) {
        for (Planned fault : plan) {
            clock.schedule(() -> run(fault), fault.at().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void run(Planned fault) {
        try {
            if (fault.kind() != Kind.KILL) {
                log.info("chaos: {} {}", fault.kind(), fault.target());
            }
            switch (fault.kind()) {
                case KILL -> killOne(fault);
                case SEND_WINDOW_KILL -> sendWindowArmed.incrementAndGet();
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
     * Kills the planned service, or, when it is still coming back from an earlier kill (or came back
     * less than {@link #MIN_UPTIME} ago), another that is running; when none is, it tries again each
     * second, until the heal.
     */
    private void killOne(Planned fault) {
        List<String> candidates = new ArrayList<>(serviceLocks.keySet());
        candidates.sort(Comparator.naturalOrder());
        Collections.shuffle(candidates, random);
        candidates.remove(fault.target());
        candidates.add(0, fault.target());
        if (sendWindowArmed.get() > 0) {
            // an armed kill waits for dispatch to send again: a plain kill must not take dispatch from it
            candidates.remove(DISPATCH);
        }
        // waits here, not on a later schedule, so a kill planned near the end still lands before the heal
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline && !healing.get()) {
            for (String service : candidates) {
                if (killAndRestart(service, false)) {
                    return;
                }
            }
            Pause.of(Duration.ofSeconds(1));
        }
        log.info(
                "chaos: a planned kill of {} did not land: {}",
                fault.target(),
                healing.get() ? "the faults stopped first" : "no service came up to be killed within three minutes");
    }

    /** Called by the SMTP relay as a message's end reaches the server: an armed kill lands now. */
    private void maybeKillInSendWindow() {
        if (sendWindowArmed.getAndUpdate(armed -> Math.max(0, armed - 1)) > 0 && !killAndRestart(DISPATCH, true)) {
            sendWindowArmed.incrementAndGet();
        }
    }

    /**
     * Kills a running service and starts it again after a moment, on another thread; a service already
     * down is left alone (the kill did not land). The sends left {@code sending} are noted: each may have
     * left, so each may end {@code unknown}.
     */
    private boolean killAndRestart(String service, boolean inSendWindow) {
        Semaphore lock = serviceLocks.get(service);
        if (healing.get()
                || !inSendWindow && System.nanoTime() - upSince.get(service) < MIN_UPTIME.toNanos()
                || !lock.tryAcquire()) {
            return false;
        }
        if (healing.get()) {
            lock.release();
            return false;
        }
        try {
            touchflow.kill(service);
        } catch (RuntimeException e) {
            lock.release();
            throw e;
        }
        kills.incrementAndGet();
        log.info("chaos: killed {}{}", service, inSendWindow ? " inside the send window" : "");
        if (inSendWindow) {
            sendWindowKills.incrementAndGet();
        }
        long downFor = 500 + random.nextInt(3000);
        Runnable comeBack = () -> {
            try {
                if (DISPATCH.equals(service)) {
                    noteCutOffSends();
                }
                Pause.of(Duration.ofMillis(downFor));
                supervise(service);
            } finally {
                lock.release();
            }
        };
        try {
            restarts.execute(comeBack);
        } catch (RejectedExecutionException healed) {
            comeBack.run();
        }
        return true;
    }

    /**
     * Starts a service again as a supervisor would (systemd's {@code Restart=always}, a Kubernetes
     * restart policy): a start that fails, because PostgreSQL or the brokers are down at that moment,
     * is tried again until the service is up.
     */
    private void supervise(String service) {
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                touchflow.restart(service);
                upSince.put(service, System.nanoTime());
                log.info(
                        "chaos: {} is back after {} ms",
                        service,
                        Duration.ofNanos(System.nanoTime() - started).toMillis());
                return;
            } catch (RuntimeException e) {
                log.info(
                        "chaos: {} did not start (attempt {}): {}; starting it again",
                        service,
                        attempt,
                        e.getMessage());
                Pause.of(Duration.ofSeconds(Math.min(10, attempt * 2L)));
            }
        }
    }

    /** The sends dispatch left {@code sending} when it died: read before it is back, so no new one is among them. */
    private void noteCutOffSends() {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection connection = postgres.database("touchflow_dispatch").getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet rows =
                            statement.executeQuery("SELECT id FROM sales_send_queue WHERE status = 'sending'")) {
                while (rows.next()) {
                    cutOffSends.add(rows.getString(1));
                }
                return;
            } catch (SQLException | RuntimeException down) {
                Pause.of(Duration.ofMillis(500));
            }
        }
        log.warn("chaos: could not read the sends cut off by a kill of dispatch-service");
    }

    /**
     * Whether kills inside the send window were planned and none has landed yet: while services keep
     * dying, dispatch may not have sent at all, and it sends again once the planned faults are over.
     */
    boolean awaitsASendWindowKill() {
        return sendWindowKills.get() == 0 && sendWindowArmed.get() > 0;
    }

    /** How many sends were left {@code sending} by kills: the most that may honestly end {@code unknown}. */
    int unknownBound() {
        return cutOffSends.size();
    }

    /** No more faults: the planned ones not yet begun are dropped, those under way end, and everything is up again. */
    void stopAndHeal() {
        healing.set(true);
        clock.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        clock.shutdown();
        sendWindowArmed.set(0);
        try {
            clock.awaitTermination(4, TimeUnit.MINUTES);
            restarts.shutdown();
            restarts.awaitTermination(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        smtp.up();
        postgresProxy.restore();
        postgres.start();
        for (int node = 1; node <= cluster.size(); node++) {
            cluster.restart(node);
        }
        touchflow.services().forEach(service -> supervise(service.name()));
    }
}
