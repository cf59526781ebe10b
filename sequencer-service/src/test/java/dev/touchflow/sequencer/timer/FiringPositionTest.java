package dev.touchflow.sequencer.timer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FiringPositionTest {

    private static final Instant NINE = Instant.parse("2026-06-01T09:00:00Z");

    private final AtomicLong nanos = new AtomicLong();
    private final FiringPosition position = new FiringPosition(Duration.ofSeconds(10), nanos::get);

    @Test
    void theFirstClaimStartsFromTheStartAndTheNextAfterTheLastTimerClaimed() {
        assertThat(position.next()).isNull();

        Timer.Key last = key(NINE);
        position.claimed(last);

        assertThat(position.next()).isEqualTo(last);
    }

    @Test
    void aTimerPlannedBehindThePositionMovesItBackToThatTimersFireTime() {
        position.claimed(key(NINE));

        position.planned(NINE.minusSeconds(30));
        position.planned(NINE.minusSeconds(5));

        assertThat(position.next()).isEqualTo(Timer.Key.atOrAfter(NINE.minusSeconds(30)));
    }

    @Test
    void aTimerPlannedAheadOfThePositionLeavesItWhereItIs() {
        Timer.Key last = key(NINE);
        position.claimed(last);

        position.planned(NINE.plusSeconds(1));

        assertThat(position.next()).isEqualTo(last);
        assertThat(position.next()).isEqualTo(last);
    }

    @Test
    void everyRescanIntervalAClaimStartsFromTheStartAgain() {
        position.claimed(key(NINE));
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());

        assertThat(position.next()).isNull();
    }

    @Test
    void aFailedBatchSendsTheNextClaimToTheStart() {
        position.claimed(key(NINE));

        position.restart();

        assertThat(position.next()).isNull();
    }

    private static Timer.Key key(Instant fireAt) {
        return new Timer.Key(fireAt, fireAt, fireAt.minusSeconds(3600), "b2bea_membership_close", UUID.randomUUID());
    }
}
