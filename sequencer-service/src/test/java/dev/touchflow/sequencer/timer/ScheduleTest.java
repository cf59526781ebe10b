package dev.touchflow.sequencer.timer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.touchflow.schemas.common.StepSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static final Instant ENROLLED = Instant.parse("2026-05-02T15:00:00Z");
    private static final long DAY = 24 * 60;

    private final Schedule closeSequence = new Schedule(ENROLLED,
            List.of(step(1, 0), step(2, 3), step(3, 7), step(4, 10), step(5, 14), step(6, 21), step(7, 35), step(8, 56)),
            Duration.ofDays(3));

    @Test
    void everyStepFiresAtEnrollmentPlusItsDelayNotAfterThePreviousStep() {
        assertThat(IntStream.rangeClosed(1, 8).mapToObj(closeSequence::fireTimeOf)).containsExactly(
                Instant.parse("2026-05-02T15:00:00Z"), Instant.parse("2026-05-05T15:00:00Z"),
                Instant.parse("2026-05-09T15:00:00Z"), Instant.parse("2026-05-12T15:00:00Z"),
                Instant.parse("2026-05-16T15:00:00Z"), Instant.parse("2026-05-23T15:00:00Z"),
                Instant.parse("2026-06-06T15:00:00Z"), Instant.parse("2026-06-27T15:00:00Z"));
    }

    @Test
    void aStepFiredLateDoesNotShiftTheNextOne() {
        Schedule.Next next = closeSequence.after(2, Instant.parse("2026-05-07T09:00:00Z"));

        assertThat(next).isEqualTo(new Schedule.Next(3, Instant.parse("2026-05-09T15:00:00Z"), false));
    }

    @Test
    void afterTheFinalStepOnlyTheGracePeriodFromItsFiringIsLeft() {
        Instant firedAt = Instant.parse("2026-06-27T15:00:07Z");

        assertThat(closeSequence.after(8, firedAt)).isEqualTo(new Schedule.Next(9, firedAt.plus(Duration.ofDays(3)), true));
    }

    @Test
    void delaysInMinutesAreKept() {
        Schedule minutes = new Schedule(ENROLLED, List.of(step(1, 0), stepMinutes(2, 90)), Duration.ZERO);

        assertThat(minutes.fireTimeOf(2)).isEqualTo(Instant.parse("2026-05-02T16:30:00Z"));
    }

    private static StepSpec step(int number, long days) {
        return stepMinutes(number, days * DAY);
    }

    private static StepSpec stepMinutes(int number, long minutes) {
        return StepSpec.newBuilder().setStepNumber(number).setDelayMinutes(minutes).setChannel("email")
                .setContentType("follow_up").setSubjectTemplate("s").setBodyTemplate("b").setTemplateInstructions(null)
                .setRequiresPersonalSend(false).build();
    }
}
