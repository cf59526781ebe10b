package dev.touchflow.dispatch.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.touchflow.dispatch.config.DispatchProperties;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    private final DispatchProperties.Mailbox mailbox = new DispatchProperties.Mailbox(
            "justin@b2bea.example",
            "Justin",
            null,
            ZoneId.of("America/New_York"),
            50,
            LocalTime.of(8, 0),
            Duration.ofMinutes(2),
            Duration.ofMinutes(1),
            5);

    @Test
    void underTheLimitAndPastTheGapASendGoesAndTheNextWaitsTheGapPlusJitter() {
        Instant now = Instant.parse("2026-06-01T14:00:00Z");

        Admission.Decision decision = Admission.decide(mailbox, 49, now.minusSeconds(1), now, 0.5);

        assertThat(decision.admit()).isTrue();
        assertThat(decision.day()).isEqualTo(LocalDate.of(2026, 6, 1));
        assertThat(decision.nextFreeAt()).isEqualTo(now.plus(Duration.ofSeconds(150)));
    }

    @Test
    void theDailyLimitCountsInTheMailboxesZoneAndRollsToTheNextDaysWindow() {
        // 23:30 in New York on 1 June is already 2 June in UTC; the day is New York's
        Instant lateEvening = Instant.parse("2026-06-02T03:30:00Z");

        Admission.Decision decision = Admission.decide(mailbox, 50, null, lateEvening, 0);

        assertThat(decision.admit()).isFalse();
        assertThat(decision.day()).isEqualTo(LocalDate.of(2026, 6, 1));
        assertThat(decision.notBefore()).isEqualTo(Instant.parse("2026-06-02T12:00:00Z"));
        assertThat(decision.reason()).contains("daily limit of 50");
    }

    @Test
    void withinTheGapTheSendWaitsForTheMailboxToBeFree() {
        Instant now = Instant.parse("2026-06-01T14:00:00Z");

        Admission.Decision decision = Admission.decide(mailbox, 3, now.plusSeconds(90), now, 0.1);

        assertThat(decision.admit()).isFalse();
        assertThat(decision.notBefore()).isEqualTo(now.plusSeconds(90));
    }
}
