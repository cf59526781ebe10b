package dev.touchflow.enrollment.enrolling;

import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The one way other features end an enrollment. */
@Component
public class EnrollmentExits {

    private final EnrollmentRepository enrollments;
    private final Clock clock;

    EnrollmentExits(EnrollmentRepository enrollments, Clock clock) {
        this.enrollments = enrollments;
        this.clock = clock;
    }

    /** The exited enrollment; empty when it had exited already. */
    public Mono<Enrollment> exit(UUID id, String reason) {
        return enrollments.exit(id, reason, clock.instant());
    }

    public Mono<Void> refuse(Enrollment from, String targetSlug, String reason) {
        return enrollments.refuse(from.clientId(), from.contact().id(), targetSlug, reason, "exit_router", clock.instant());
    }
}
