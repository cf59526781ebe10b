package dev.touchflow.sequencer.timer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

class FiringPositionTest {

    private static final Instant NINE = Instant.parse("2026-06-01T09:00:00Z");

    private final FiringPosition position = new FiringPosition();

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
    void claimsTakeTurnsEachFromWhereTheOneBeforeLeftThePosition() {
        Timer.Key first = key(NINE);
        Timer.Key second = key(NINE.plusSeconds(1));
        List<Timer.Key> startedFrom = new ArrayList<>();
        Sinks.One<Timer> firstClaimRows = Sinks.one();

        // Given a claim under way whose rows have not come back yet
        position.claimInTurn(from -> {
                    startedFrom.add(from);
                    return firstClaimRows.asMono().flux();
                })
                .subscribe();
        // When a second claim asks for its turn
        position.claimInTurn(from -> {
                    startedFrom.add(from);
                    return Flux.just(timer(second));
                })
                .subscribe();

        // Then it waits, and starts after the first claim's last timer once that is in
        assertThat(startedFrom).containsExactly((Timer.Key) null);
        firstClaimRows.tryEmitValue(timer(first));
        assertThat(startedFrom).containsExactly(null, first);
        assertThat(position.next()).isEqualTo(second);
    }

    @Test
    void aFailedClaimStillHandsTheTurnOn() {
        position.claimInTurn(from -> Flux.error(new IllegalStateException("connection lost")))
                .subscribe(rows -> {}, e -> {});

        List<Timer.Key> startedFrom = new ArrayList<>();
        position.claimInTurn(from -> {
                    startedFrom.add(from);
                    return Flux.empty();
                })
                .subscribe();

        assertThat(startedFrom).hasSize(1);
    }

    @Test
    void aFailedBatchSendsTheNextClaimToTheStart() {
        position.claimed(key(NINE));

        position.restart();

        assertThat(position.next()).isNull();
    }

    private static Timer timer(Timer.Key key) {
        return new Timer(key.enrollmentId(), "b2bea", "c", "scheduled", 1, key, null, "(0,1)", null);
    }

    private static Timer.Key key(Instant fireAt) {
        return new Timer.Key(fireAt, fireAt, fireAt.minusSeconds(3600), "b2bea_membership_close", UUID.randomUUID());
    }
}
