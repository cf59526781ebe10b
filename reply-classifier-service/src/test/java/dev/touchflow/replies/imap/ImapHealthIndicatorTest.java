package dev.touchflow.replies.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/** A mailbox that could not be read is DOWN and counted until it is read again; a held poll is not an error. */
class ImapHealthIndicatorTest {

    private final ImapHealthIndicator health = new ImapHealthIndicator(
            Clock.fixed(Instant.parse("2026-12-06T09:00:00Z"), ZoneOffset.UTC),
            new ImapProperties(List.of(mailbox("sales"), mailbox("support")), null, null, null, null));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void aFailedPollIsDownAndCountedUntilTheMailboxIsReadAgain() {
        health.bindTo(meters);
        assertThat(errors("sales")).isZero();
        assertThat(errors("support")).isZero();
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);

        health.succeeded("support");
        health.failed("sales", new IllegalStateException("connection refused"));
        health.held("sales");

        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails().get("sales").toString()).contains("connection refused");
        assertThat(errors("sales")).isEqualTo(1);

        health.succeeded("sales");
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    private double errors(String mailbox) {
        return meters.get("touchflow.imap.errors")
                .tag("mailbox", mailbox)
                .counter()
                .count();
    }

    private static ImapProperties.Mailbox mailbox(String name) {
        return new ImapProperties.Mailbox(name, "b2bea", "127.0.0.1", 3143, name, "secret", "INBOX", false, false);
    }
}
