package dev.touchflow.sequencer.timer;

import dev.touchflow.schemas.common.StepSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When each step of one enrollment fires: {@code enrolled_at + step delay}, absolute from
 * enrollment, and after the final step a grace period for replies before the sequence is
 * exhausted. Plain Java, no clock of its own.
 */
public record Schedule(Instant enrolledAt, List<StepSpec> steps, Duration gracePeriod) {

    public int totalSteps() {
        return steps.size();
    }

    public StepSpec step(int number) {
        return steps.stream().filter(step -> step.getStepNumber() == number).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no step " + number));
    }

    public Instant fireTimeOf(int stepNumber) {
        return enrolledAt.plus(Duration.ofMinutes(step(stepNumber).getDelayMinutes()));
    }

    /** What follows the firing of {@code stepNumber} at {@code firedAt}. */
    public Next after(int stepNumber, Instant firedAt) {
        return stepNumber < totalSteps()
                ? new Next(stepNumber + 1, fireTimeOf(stepNumber + 1), false)
                : new Next(stepNumber + 1, firedAt.plus(gracePeriod), true);
    }

    /** The next step to fire and when; {@code grace} when only the grace period is left. */
    public record Next(int stepNumber, Instant fireAt, boolean grace) {
    }
}
