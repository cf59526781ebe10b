package dev.touchflow.sequencer.timer;

import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The safety net under the firing position: a due timer nobody holds behind it (another instance
 * died holding it, or planned it and died before firing it) brings the position back to it. The look
 * walks the due index's entries of every timer fired since vacuum last came (3 to 4 s of a core after
 * a million), so it runs only when it can find something: twice after another instance stops beating
 * (the second time for a transaction that ended late), and every {@code full-rescan-interval} anyway.
 * A started instance needs none: its first claim starts from the first due timer.
 */
@Component
class LookingBehind {

    private static final Logger log = LoggerFactory.getLogger(LookingBehind.class);

    private final TimerRepository timers;
    private final FiringPosition position;
    private final SequencerInstances instances;
    private final Clock clock;
    private final Duration fullRescanInterval;
    private volatile int looksWanted;
    private volatile long lastLook = System.nanoTime();

    LookingBehind(
            TimerRepository timers,
            FiringPosition position,
            SequencerInstances instances,
            Clock clock,
            @Value("${touchflow.sequencer.full-rescan-interval:10m}") Duration fullRescanInterval) {
        this.timers = timers;
        this.position = position;
        this.instances = instances;
        this.clock = clock;
        this.fullRescanInterval = fullRescanInterval;
    }

    /** Does not wait for the answer, so it never holds up the firing loop, which shares its thread. */
    @Scheduled(
            fixedDelayString = "${touchflow.sequencer.rescan-interval:60s}",
            initialDelayString = "${touchflow.sequencer.rescan-interval:60s}",
            scheduler = "sequencerFiringThread")
    void lookBehind() {
        instances
                .beat()
                .subscribe(
                        othersDied -> {
                            if (othersDied) {
                                looksWanted = 2;
                            }
                            look();
                        },
                        e -> log.warn("the sequencer's heartbeat failed: {}", e.toString()));
    }

    private void look() {
        Timer.Key from = position.current();
        boolean anyway = System.nanoTime() - lastLook >= fullRescanInterval.toNanos();
        if (from == null) {
            looksWanted = 0; // the next claim starts from the first due timer
        } else if (looksWanted > 0 || anyway) {
            looksWanted = Math.max(0, looksWanted - 1);
            lastLook = System.nanoTime();
            timers.earliestFreeBehind(clock.instant(), from)
                    .subscribe(
                            position::planned,
                            e -> log.warn(
                                    "looking for due timers behind the firing position failed: {}", e.toString()));
        }
    }
}
