package dev.touchflow.sequencer.timer;

import dev.touchflow.schemas.enrollment.Enrolled;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** One enrollment's durable timer: the next step, when it fires, and the snapshot it came from. */
record Timer(UUID enrollmentId, String status, int nextStep, Instant fireAt, EnrollmentEvent snapshot) {

    Enrolled enrolled() {
        return (Enrolled) snapshot.getPayload();
    }

    Schedule schedule() {
        Enrolled enrolled = enrolled();
        return new Schedule(enrolled.getEnrolledAt(), enrolled.getSteps(),
                Duration.ofMinutes(enrolled.getGracePeriodMinutes()));
    }
}
