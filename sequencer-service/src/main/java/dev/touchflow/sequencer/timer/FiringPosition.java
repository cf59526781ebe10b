package dev.touchflow.sequencer.timer;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where the firing loop's next claim starts: after the last timer it claimed, so it never walks
 * again over the index entries of timers it has already fired (their old versions stay in the
 * due index until vacuum, which visits a busy table once a minute at best). A timer this instance
 * plans behind that position (an enrollment due at once, a resume, a deferral) moves it back to
 * that timer's fire time once the plan has committed. A rescan from the start, every so often, is
 * the safety net for timers other instances planned or let go behind it.
 */
@Component
class FiringPosition {

    private final AtomicReference<Instant> earliestPlanned = new AtomicReference<>();
    private final long rescanNanos;
    private final LongSupplier nanoTime;
    private volatile Timer.Key after;
    private volatile long lastRescan;

    @Autowired
    FiringPosition(@Value("${touchflow.sequencer.rescan-interval:10s}") Duration rescanEvery) {
        this(rescanEvery, System::nanoTime);
    }

    FiringPosition(Duration rescanEvery, LongSupplier nanoTime) {
        this.rescanNanos = rescanEvery.toNanos();
        this.nanoTime = nanoTime;
        this.lastRescan = nanoTime.getAsLong();
    }

    /** A timer of this instance's was planned to fire at {@code fireAt}; call once the plan has committed. */
    void planned(Instant fireAt) {
        if (fireAt != null) {
            earliestPlanned.accumulateAndGet(fireAt, (a, b) -> a == null || b.isBefore(a) ? b : a);
        }
    }

    /** Where the next claim starts: null from the start, else after (or at) the returned key. */
    Timer.Key next() {
        Instant planned = earliestPlanned.getAndSet(null);
        if (nanoTime.getAsLong() - lastRescan >= rescanNanos) {
            restart();
        } else if (after != null && planned != null && !planned.isAfter(after.fireAt())) {
            after = Timer.Key.atOrAfter(planned);
        }
        return after;
    }

    /** The last timer a committed batch claimed. */
    void claimed(Timer.Key last) {
        after = last;
    }

    /** A batch failed: the next claim starts from the start. */
    void restart() {
        after = null;
        lastRescan = nanoTime.getAsLong();
    }
}
