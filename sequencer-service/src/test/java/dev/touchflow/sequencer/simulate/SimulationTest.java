package dev.touchflow.sequencer.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.touchflow.schemas.common.StepSpec;
import dev.touchflow.sequencer.EmailSteps;
import dev.touchflow.sequencer.calendar.SendingCalendar;
import dev.touchflow.sequencer.timer.Schedule;
import dev.touchflow.sequencer.timer.StepPlanner;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SimulationTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final SendingCalendar ANY_TIME = new SendingCalendar(NEW_YORK, false, Set.of(), null, null);
    private static final SendingCalendar OFFICE_HOURS =
            new SendingCalendar(NEW_YORK, true, Set.of(), LocalTime.of(8, 0), LocalTime.of(18, 0));

    @Test
    void theCloseSequenceFiresEveryStepOnItsSpecDay() {
        Instant start = Instant.parse("2026-05-04T14:00:00Z");
        Simulation.Enrollment close = enrollment("close", start, ANY_TIME, 0, 3, 7, 10, 14, 21, 35, 56);

        assertThat(Simulation.run(List.of(close), 1))
                .extracting(Simulation.SimulatedStep::fireAt)
                .containsExactlyElementsOf(LongStream.of(0, 3, 7, 10, 14, 21, 35, 56)
                        .mapToObj(days -> start.plus(Duration.ofDays(days)))
                        .toList());
    }

    @Test
    void twoCampaignsDueTheSameMorningFireOnConsecutiveDaysInAStableOrder() {
        Instant monday8 = Instant.parse("2026-05-04T12:00:00Z");
        Simulation.Enrollment first = enrollment("a_first", monday8, OFFICE_HOURS, 0, 1);
        Simulation.Enrollment second = enrollment("b_second", monday8, OFFICE_HOURS, 0, 1);

        List<Simulation.SimulatedStep> forSecond = Simulation.run(List.of(second, first), 1);
        List<Simulation.SimulatedStep> forFirst = Simulation.run(List.of(first, second), 1);

        // Monday a_first (by slug, whichever is given first); Tuesday b_second, which waited since Monday,
        // before a_first's step 2 planned for Tuesday; Wednesday a_first's step 2
        assertThat(forFirst)
                .extracting(Simulation.SimulatedStep::fireAt)
                .containsExactly(Instant.parse("2026-05-04T12:00:00Z"), Instant.parse("2026-05-06T12:00:00Z"));
        assertThat(forFirst.get(1).deferredBecause()).containsExactly("cap");
        assertThat(forSecond)
                .extracting(Simulation.SimulatedStep::fireAt)
                .containsExactly(Instant.parse("2026-05-05T12:00:00Z"), Instant.parse("2026-05-07T12:00:00Z"));
    }

    @Test
    void threeOverlappingCampaignsShareOneTouchADayAndNoStepIsDropped() {
        Instant monday8 = Instant.parse("2026-05-04T12:00:00Z");
        Simulation.Enrollment later = enrollment("c", monday8.plus(Duration.ofMinutes(2)), OFFICE_HOURS, 0);
        Simulation.Enrollment early = enrollment("a", monday8, OFFICE_HOURS, 0);
        Simulation.Enrollment middle = enrollment("b", monday8.plus(Duration.ofMinutes(1)), OFFICE_HOURS, 0);

        // c started last, so it is third: Monday a, Tuesday b, Wednesday c
        assertThat(Simulation.run(List.of(later, early, middle), 1))
                .singleElement()
                .satisfies(step -> {
                    assertThat(step.fireAt()).isEqualTo(Instant.parse("2026-05-06T12:00:00Z"));
                    assertThat(step.deferredBecause()).containsExactly("cap");
                });
        // with a cap of 3 all go on Monday at their own times
        assertThat(Simulation.run(List.of(later, early, middle), 3).get(0).fireAt())
                .isEqualTo(monday8.plus(Duration.ofMinutes(2)));
    }

    @Test
    void aCappedStepOnFridayMovesOverTheWeekend() {
        Instant friday9 = Instant.parse("2026-05-08T13:00:00Z");
        Simulation.Enrollment other = enrollment("other", friday9, OFFICE_HOURS, 0);
        Simulation.Enrollment mine = enrollment("mine", friday9.plus(Duration.ofHours(1)), OFFICE_HOURS, 0);

        assertThat(Simulation.run(List.of(mine, other), 1).get(0).fireAt())
                .isEqualTo(Instant.parse("2026-05-11T12:00:00Z"));
    }

    @Test
    void resumingAfterAPausePlansWhatIsLeftAtItsAbsoluteTimeOrTheNextOpening() {
        Schedule schedule = enrollment("close", Instant.parse("2026-05-04T14:00:00Z"), OFFICE_HOURS, 0, 3, 7)
                .schedule();

        // paused over step 2 (due Thursday 10:00), resumed Friday 20:00 New York -> the next opening, Monday 08:00
        assertThat(StepPlanner.plan(schedule, OFFICE_HOURS, 2, Instant.parse("2026-05-09T00:00:00Z")))
                .isEqualTo(new SendingCalendar.Slot(
                        Instant.parse("2026-05-11T12:00:00Z"), List.of("after_window", "weekend")));
        // resumed before step 3 is due -> step 3 keeps its absolute time
        assertThat(StepPlanner.plan(schedule, OFFICE_HOURS, 3, Instant.parse("2026-05-09T00:00:00Z"))
                        .at())
                .isEqualTo(Instant.parse("2026-05-11T14:00:00Z"));
    }

    private static Simulation.Enrollment enrollment(
            String slug, Instant start, SendingCalendar calendar, long... days) {
        List<StepSpec> steps = EmailSteps.daysAfter(days);
        return new Simulation.Enrollment(
                slug, start, new Schedule(start, calendar.zone(), steps, Duration.ofDays(3)), calendar);
    }
}
