package dev.touchflow.sequencer.timer;

import dev.touchflow.schemas.enrollment.Enrolled;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.enrollment.Exited;
import dev.touchflow.schemas.enrollment.Paused;
import dev.touchflow.schemas.enrollment.Resumed;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Keeps timers in step with enrollments: Enrolled starts one at step 1, Paused holds it, Resumed
 * lets it run again at the absolute times of the schedule, Exited cancels it.
 */
@Service
public class TrackingEnrollments {

    private final TimerRepository timers;
    private final Clock clock;

    TrackingEnrollments(TimerRepository timers, Clock clock) {
        this.timers = timers;
        this.clock = clock;
    }

    public Mono<Void> on(EnrollmentEvent event) {
        Object payload = event.getPayload();
        if (payload instanceof Enrolled enrolled) {
            Schedule schedule = new Schedule(enrolled.getEnrolledAt(), enrolled.getSteps(),
                    Duration.ofMinutes(enrolled.getGracePeriodMinutes()));
            return timers.start(event, schedule.fireTimeOf(1), clock.instant()).then();
        }
        if (payload instanceof Paused paused) {
            return setStatus(paused.getEnrollmentId(), "paused");
        }
        if (payload instanceof Resumed resumed) {
            return resume(resumed.getEnrollmentId());
        }
        if (payload instanceof Exited exited) {
            return setStatus(exited.getEnrollmentId(), "cancelled");
        }
        return Mono.empty();
    }

    private Mono<Void> setStatus(String enrollmentId, String status) {
        return timers.find(UUID.fromString(enrollmentId))
                .filter(timer -> !"done".equals(timer.status()) && !"cancelled".equals(timer.status()))
                .flatMap(timer -> timers.advance(timer.enrollmentId(), timer.nextStep(), timer.fireAt(), status,
                        clock.instant()));
    }

    private Mono<Void> resume(String enrollmentId) {
        return timers.find(UUID.fromString(enrollmentId))
                .filter(timer -> "paused".equals(timer.status()))
                .flatMap(timer -> timers.advance(timer.enrollmentId(), timer.nextStep(), timer.fireAt(),
                        timer.nextStep() > timer.schedule().totalSteps() ? "grace" : "scheduled", clock.instant()));
    }
}
