package dev.touchflow.sequencer;

import dev.touchflow.schemas.common.StepSpec;
import java.util.ArrayList;
import java.util.List;

/** The plain email steps the sequencer's tests enroll contacts in. */
public final class EmailSteps {

    private EmailSteps() {}

    /** An email step this many minutes after the one before it (or the enrollment). */
    public static StepSpec step(int number, long minutes) {
        return StepSpec.newBuilder()
                .setStepNumber(number)
                .setDelayMinutes(minutes)
                .setChannel("email")
                .setContentType("follow_up")
                .setSubjectTemplate("s")
                .setBodyTemplate("b")
                .setTemplateInstructions(null)
                .setRequiresPersonalSend(false)
                .build();
    }

    /** One email step per entry, each that many days after the enrollment. */
    public static List<StepSpec> daysAfter(long... days) {
        List<StepSpec> steps = new ArrayList<>();
        for (int i = 0; i < days.length; i++) {
            steps.add(step(i + 1, days[i] * 24 * 60));
        }
        return steps;
    }
}
