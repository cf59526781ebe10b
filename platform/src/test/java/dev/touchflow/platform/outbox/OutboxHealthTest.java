package dev.touchflow.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** Readiness's outbox component: up while the oldest unpublished row is younger than the limit. */
class OutboxHealthTest {

    @Test
    void anOutboxWhoseOldestRowWaitedTooLongIsOutOfServiceWithItsBacklog() {
        Health behind = OutboxBacklog.health(() -> 12, () -> 301.4, Duration.ofMinutes(5))
                .health();
        assertThat(behind.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(behind.getDetails()).containsEntry("backlog", 12L).containsEntry("oldest_age_seconds", 301L);

        Health keepingUp = OutboxBacklog.health(() -> 40, () -> 299.0, Duration.ofMinutes(5))
                .health();
        assertThat(keepingUp.getStatus()).isEqualTo(Status.UP);
        assertThat(OutboxBacklog.health(() -> 0, () -> 0, Duration.ofMinutes(5))
                        .health()
                        .getStatus())
                .isEqualTo(Status.UP);
    }
}
