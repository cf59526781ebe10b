package dev.touchflow.local.chaos;

import dev.touchflow.local.LocalTouchflow;
import dev.touchflow.local.Pause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Services killed with {@code SIGKILL} and started again as a supervisor would, some the instant a
 * message's end has reached the SMTP server; one kill of a service at a time, and none once the faults
 * heal.
 */
final class ServiceKills {

    private static final Logger log = LoggerFactory.getLogger(ServiceKills.class);
    private static final String DISPATCH = "dispatch-service";
    /**
     * How long a service that came back runs before a plain kill may take it again: long enough to
     * rejoin its consumer groups and work off some of what waited, so kills land on work under way
     * rather than on a service that never gets going.
     */
    private static final Duration MIN_UPTIME = Duration.ofSeconds(5);

    private final Random random;
    private final LocalTouchflow touchflow;
    private final AtomicBoolean healing;
    final ExecutorService restarts = Executors.newCachedThreadPool();
    private final Map<String, Semaphore> serviceLocks = new ConcurrentHashMap<>();
    /** When each service last came up ({@link System#nanoTime()}): a plain kill leaves it a moment to work. */
    private final Map<String, Long> upSince = new ConcurrentHashMap<>();

    final AtomicInteger sendWindowArmed = new AtomicInteger();
    final CutOffSends cutOff;
    final AtomicInteger kills = new AtomicInteger();
    final AtomicInteger sendWindowKills = new AtomicInteger();

    ServiceKills(Random random, LocalTouchflow touchflow, Faults.Postgres postgres, AtomicBoolean healing) {
        this.random = random;
        this.touchflow = touchflow;
        this.cutOff = new CutOffSends(postgres);
        this.healing = healing;
        touchflow.services().forEach(service -> {
            serviceLocks.put(service.name(), new Semaphore(1));
            upSince.put(service.name(), System.nanoTime());
        });
    }

    /**
     * Kills the planned service, or, when it is still coming back from an earlier kill (or came back
     * less than {@link #MIN_UPTIME} ago), another that is running; when none is, it tries again each
     * second, until the heal.
     */
    void killOne(FaultPlan.Planned fault) {
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
    void maybeKillInSendWindow() {
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
                    cutOff.note();
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
    void supervise(String service) {
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

    /**
     * Whether kills inside the send window were planned and none has landed yet: while services keep
     * dying, dispatch may not have sent at all, and it sends again once the planned faults are over.
     */
    boolean awaitsASendWindowKill() {
        return sendWindowKills.get() == 0 && sendWindowArmed.get() > 0;
    }
}
