package dev.touchflow.sequencer.timer;

import static dev.touchflow.sequencer.timer.UtcEnrollments.enrolled;
import static org.assertj.core.api.Assertions.assertThat;

import dev.touchflow.schemas.common.StepSpec;
import dev.touchflow.sequencer.EmailSteps;
import dev.touchflow.sequencer.SequencerDatabaseTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A batch's decisions land on exactly the timers it claimed, found by where the claim read them,
 * and the statement is planned that way whatever the table's statistics say.
 */
class TimerRepositoryIT extends SequencerDatabaseTest {

    // Far beyond the real clock of the context's own firing loop, which so never claims these timers.
    private static final Instant DUE = Instant.parse("2100-01-04T09:00:00Z");

    private static final List<StepSpec> WEEKLY = IntStream.rangeClosed(1, 3)
            .mapToObj(number -> EmailSteps.step(number, (number - 1) * 7L * 24 * 60))
            .toList();

    @Autowired
    TimerRepository timers;

    @Test
    void statisticsOfAnEmptyTableStillPlanTheBatchUpdateAsATidScanAndItChangesOnlyTheClaimedTimers() {
        // Given statistics taken while the table was empty, and then 3,000 timers, 1,000 of them due
        db.sql("ANALYZE timers").then().block();
        for (int i = 0; i < 3000; i++) {
            UUID id = UUID.randomUUID();
            timers.start(
                            enrolled(id, "c-" + i, "repository_it", DUE.minusSeconds(60), WEEKLY),
                            i < 1000 ? DUE : DUE.plus(Duration.ofDays(30)),
                            DUE.minusSeconds(60))
                    .block();
        }

        // When the planner is asked about the batch update, and a batch claims the due ones and moves each on a step
        String plan = db.sql("EXPLAIN " + TimerRepository.APPLY_ALL)
                .bind("now", DUE)
                .bind("rows", new String[] {"(0,1)"})
                .bind("steps", new Integer[] {2})
                .bind("fireAt", new Instant[] {DUE})
                .bind("statuses", new String[] {"scheduled"})
                .bind("replanned", new Boolean[] {true})
                .map(row -> row.get(0, String.class))
                .all()
                .collect(Collectors.joining("\n"))
                .block();
        List<Timer> claimed = transactions
                .transactional(timers.claimDue(DUE, 1000, null)
                        .collectList()
                        .flatMap(batch -> timers.applyAll(
                                        batch.stream()
                                                .map(timer -> new TimerRepository.Change(
                                                        timer, 2, DUE.plus(Duration.ofDays(7)), "scheduled", true))
                                                .toList(),
                                        DUE)
                                .thenReturn(batch)))
                .block();

        // Then it finds rows by address, not by joining or hashing the table; and exactly the claimed timers moved
        assertThat(plan).contains("Tid Scan on timers").doesNotContain("Hash").doesNotContain("Seq Scan");
        assertThat(claimed).hasSize(1000);
        Map<Integer, Long> timersByStep = db.sql("SELECT next_step FROM timers WHERE campaign_slug = 'repository_it'")
                .map(row -> row.get(0, Integer.class))
                .all()
                .collect(Collectors.groupingBy(step -> step, Collectors.counting()))
                .block();
        assertThat(timersByStep).containsOnly(Map.entry(1, 2000L), Map.entry(2, 1000L));
        List<UUID> moved = db.sql(
                        "SELECT enrollment_id FROM timers WHERE campaign_slug = 'repository_it' AND next_step = 2")
                .map(row -> row.get(0, UUID.class))
                .all()
                .collectList()
                .block();
        assertThat(moved)
                .containsExactlyInAnyOrderElementsOf(
                        claimed.stream().map(Timer::enrollmentId).toList());
    }
}
