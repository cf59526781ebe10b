package dev.touchflow.sequencer.timer;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Where the firing loop's next claim starts: after the last timer it claimed, so it never walks
 * again over the index entries of timers it has already fired (their old versions stay in the
 * due index until vacuum, which visits a busy table once a minute at best). A timer this instance
 * plans behind that position (an enrollment due at once, a resume, a deferral, a batch's next step
 * due at once while another batch claimed ahead) moves it back to that timer's fire time once the
 * plan has committed; so does the earliest due timer nobody holds,
 * which a probe looks for every so often as the safety net for timers another instance planned or
 * let go behind it (it died mid-batch). Several batches may be under way at once; their claims
 * take turns, each from where the one before left the position.
 */
@Component
class FiringPosition {

    private final AtomicReference<Instant> earliestPlanned = new AtomicReference<>();
    private final AtomicReference<Mono<Void>> lastTurn = new AtomicReference<>(Mono.empty());
    private volatile Timer.Key after;

    /** A timer was planned to fire at {@code fireAt}, or found due there; call once the plan has committed. */
    void planned(Instant fireAt) {
        if (fireAt != null) {
            earliestPlanned.accumulateAndGet(fireAt, (a, b) -> a == null || b.isBefore(a) ? b : a);
        }
    }

    /**
     * Runs a claim in its turn: once the claim before it has returned, from where that one left the
     * position (null: from the start), moving the position past the timers it claimed.
     */
    Mono<List<Timer>> claimInTurn(Function<Timer.Key, Flux<Timer>> claim) {
        return Mono.defer(() -> {
            Sinks.Empty<Void> mine = Sinks.empty();
            return lastTurn.getAndSet(mine.asMono())
                    .then(Mono.defer(() -> claim.apply(next()).collectList()))
                    .doOnNext(claimed -> {
                        if (!claimed.isEmpty()) {
                            claimed(claimed.get(claimed.size() - 1).key());
                        }
                    })
                    .doFinally(signal -> mine.tryEmitEmpty());
        });
    }

    /** Where the next claim starts: null from the start, else after (or at) the returned key. */
    Timer.Key next() {
        Instant planned = earliestPlanned.getAndSet(null);
        if (after != null && planned != null && !planned.isAfter(after.fireAt())) {
            after = Timer.Key.atOrAfter(planned);
        }
        return after;
    }

    /** Where claims go on from now, without taking any rewind. */
    Timer.Key current() {
        return after;
    }

    /** The last timer a batch claimed. */
    void claimed(Timer.Key last) {
        after = last;
    }

    /** A batch failed: the next claim starts from the start. */
    void restart() {
        after = null;
    }
}
