package dev.touchflow.platform.outbox;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When the relay's safety-net poll runs: every poll interval while rounds find rows to publish; after rounds
 * that find none, twice as long after each, up to the idle poll interval. A quiet service then asks its
 * database a few times a second instead of ten. This instance's own commits never wait for it: they start a
 * round at once; only rows another instance wrote can wait, at most the idle poll interval.
 */
final class RelayPace {

    private final long pollNanos;
    private final long idleNanos;
    private final LongSupplier nanoTime;
    private int emptyRounds;
    private long lastRound;

    RelayPace(Duration poll, Duration idle, LongSupplier nanoTime) {
        this.pollNanos = poll.toNanos();
        this.idleNanos = Math.max(idle.toNanos(), pollNanos);
        this.nanoTime = nanoTime;
        this.lastRound = nanoTime.getAsLong();
    }

    /** Whether a poll tick should run a round now. */
    synchronized boolean due() {
        long wait = Math.min(idleNanos, pollNanos << Math.min(emptyRounds, 20));
        return nanoTime.getAsLong() - lastRound >= wait;
    }

    /** A round ran and published {@code published} rows. */
    synchronized void ran(int published) {
        emptyRounds = published > 0 ? 0 : emptyRounds + 1;
        lastRound = nanoTime.getAsLong();
    }
}
