package dev.touchflow.sequencer.timer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.touchflow.schemas.common.StepSpec;
import dev.touchflow.sequencer.EmailSteps;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static final Instant ENROLLED = Instant.parse("2026-05-02T15:00:00Z");
    private static final long DAY = 24 * 60;

    private final Schedule closeSequence = new Schedule(
            ENROLLED,
            ZoneId.of("UTC"),
            List.of(
                    step(1, 0),
                    step(2, 3),
                    step(3, 7),
                    step(4, 10),
                    step(5, 14),
                    step(6, 21),
                    step(7, 35),
                    step(8, 56)),
            Duration.ofDays(3));

    @Test
    void everyStepFiresAtEnrollmentPlusItsDelayNotAfterThePreviousStep() {
        assertThat(IntStream.rangeClosed(1, 8).mapToObj(closeSequence::nominalTimeOf))
                .containsExactly(
                        Instant.parse("2026-05-02T15:00:00Z"), Instant.parse("2026-05-05T15:00:00Z"),
                        Instant.parse("2026-05-09T15:00:00Z"), Instant.parse("2026-05-12T15:00:00Z"),
                        Instant.parse("2026-05-16T15:00:00Z"), Instant.parse("2026-05-23T15:00:00Z"),
                        Instant.parse("2026-06-06T15:00:00Z"), Instant.parse("2026-06-27T15:00:00Z"));
    }

    @Test
    void wholeDaysKeepTheWallClockTimeAcrossDaylightSavingInNewYork() {
        // Friday 09:00 EST; DST starts Sunday 2026-03-08
        Schedule schedule = new Schedule(
                Instant.parse("2026-03-06T14:00:00Z"),
                ZoneId.of("America/New_York"),
                List.of(step(1, 0), step(2, 3)),
                Duration.ZERO);

        assertThat(schedule.nominalTimeOf(2)).isEqualTo(Instant.parse("2026-03-09T13:00:00Z"));
    }

    @Test
    void aLocalTimeThatDoesNotExistOnTheDayMovesForwardAndFiresOnce() {
        // 02:30 on 2026-03-29 does not exist in Berlin (02:00 jumps to 03:00)
        Schedule schedule = new Schedule(
                Instant.parse("2026-03-28T01:30:00Z"),
                ZoneId.of("Europe/Berlin"),
                List.of(step(1, 0), step(2, 1)),
                Duration.ZERO);

        assertThat(schedule.nominalTimeOf(2)).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    }

    @Test
    void aLocalTimeThatHappensTwiceOnTheDayIsTakenOnce() {
        // 01:30 happens twice in New York on 2026-11-01; the step keeps the earlier offset
        Schedule schedule = new Schedule(
                Instant.parse("2026-10-31T05:30:00Z"),
                ZoneId.of("America/New_York"),
                List.of(step(1, 0), step(2, 1)),
                Duration.ZERO);

        assertThat(schedule.nominalTimeOf(2)).isEqualTo(Instant.parse("2026-11-01T05:30:00Z"));
    }

    @Test
    void theGracePeriodRunsFromWhenTheFinalStepFired() {
        Instant firedLate = Instant.parse("2026-06-29T12:00:00Z");

        assertThat(closeSequence.graceEndsAfter(firedLate)).isEqualTo(Instant.parse("2026-07-02T12:00:00Z"));
    }

    @Test
    void delaysInMinutesAreKept() {
        Schedule minutes = new Schedule(
                ENROLLED, ZoneId.of("America/New_York"), List.of(step(1, 0), stepMinutes(2, 90)), Duration.ZERO);

        assertThat(minutes.nominalTimeOf(2)).isEqualTo(Instant.parse("2026-05-02T16:30:00Z"));
    }

    static StepSpec step(int number, long days) {
        return stepMinutes(number, days * DAY);
    }

    static StepSpec stepMinutes(int number, long minutes) {
        return EmailSteps.step(number, minutes);
    }
}
