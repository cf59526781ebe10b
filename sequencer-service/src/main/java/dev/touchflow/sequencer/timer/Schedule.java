package dev.touchflow.sequencer.timer;

import dev.touchflow.schemas.common.StepSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * When each step of one enrollment is due before any calendar rule: {@code enrolled_at + delay},
 * absolute from enrollment. A delay of whole days is counted in calendar days in the contact's
 * zone, so "3 days" keeps the wall-clock time across a DST change; any other delay is an exact
 * duration. After the final step a grace period for replies runs from when it fired.
 */
public record Schedule(Instant enrolledAt, ZoneId zone, List<StepSpec> steps, Duration gracePeriod) {

    private static final long MINUTES_PER_DAY = 24 * 60;

    public int totalSteps() {
        return steps.size();
    }

    public StepSpec step(int number) {
        return steps.stream()
                .filter(step -> step.getStepNumber() == number)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no step " + number));
    }

    /** The step's due time from the schedule alone. */
    public Instant nominalTimeOf(int stepNumber) {
        long minutes = step(stepNumber).getDelayMinutes();
        return minutes % MINUTES_PER_DAY == 0
                ? enrolledAt.atZone(zone).plusDays(minutes / MINUTES_PER_DAY).toInstant()
                : enrolledAt.plus(Duration.ofMinutes(minutes));
    }

    /** When the grace period for replies after the final step ends. */
    public Instant graceEndsAfter(Instant finalStepFiredAt) {
        return finalStepFiredAt.plus(gracePeriod);
    }

    public boolean isFinal(int stepNumber) {
        return stepNumber >= totalSteps();
    }
}
