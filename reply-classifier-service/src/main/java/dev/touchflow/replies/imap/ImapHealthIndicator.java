package dev.touchflow.replies.imap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health's {@code imap} component and {@code touchflow.imap.errors{mailbox}}: DOWN while a mailbox's last
 * poll failed (it could not be reached, logged in to or read, or its breaker is open), UP once every
 * mailbox's last poll succeeded. Not part of readiness: an unreachable mailbox delays replies, and taking the
 * service out of rotation would not bring them sooner.
 */
@Component
public class ImapHealthIndicator implements HealthIndicator, MeterBinder {

    record LastPoll(boolean succeeded, Instant at, String error) {}

    private final Map<String, LastPoll> last = new ConcurrentHashMap<>();
    private final Clock clock;
    private final ImapProperties properties;
    private MeterRegistry registry;

    ImapHealthIndicator(Clock clock, ImapProperties properties) {
        this.clock = clock;
        this.properties = properties;
    }

    void succeeded(String mailbox) {
        last.put(mailbox, new LastPoll(true, clock.instant(), null));
    }

    /** A poll that failed talking to the server: counted, and the mailbox is DOWN until a poll succeeds. */
    void failed(String mailbox, Exception error) {
        last.put(mailbox, new LastPoll(false, clock.instant(), error.toString()));
        if (registry != null) {
            errors(registry, mailbox).increment();
        }
    }

    /** A poll the open breaker did not let through: DOWN, not another error. */
    void held(String mailbox) {
        last.computeIfPresent(mailbox, (name, poll) -> new LastPoll(false, clock.instant(), poll.error()));
    }

    @Override
    public Health health() {
        boolean down = last.values().stream().anyMatch(poll -> !poll.succeeded());
        Health.Builder health = down ? Health.down() : Health.up();
        last.forEach((mailbox, poll) -> health.withDetail(
                mailbox,
                poll.succeeded() ? "read at " + poll.at() : "failing since " + poll.at() + ": " + poll.error()));
        return health.build();
    }

    /** Every configured mailbox's error count, from 0. */
    @Override
    public void bindTo(MeterRegistry registry) {
        properties.mailboxes().forEach(mailbox -> errors(registry, mailbox.name()));
        this.registry = registry;
    }

    private static Counter errors(MeterRegistry registry, String mailbox) {
        return Counter.builder("touchflow.imap.errors")
                .description("Polls of a mailbox that failed talking to its IMAP server")
                .tag("mailbox", mailbox)
                .register(registry);
    }
}
