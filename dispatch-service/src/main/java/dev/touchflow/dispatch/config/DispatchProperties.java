package dev.touchflow.dispatch.config;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param undoWindow how long an approved send waits, so it can still be cancelled
 * @param pollInterval how often the queue is looked at
 * @param maxAttempts attempts before a send is dead
 * @param retryBackoff the first wait after a transient failure; it doubles each attempt
 * @param staleSending a send still {@code sending} after this long was cut off by a crash: unknown
 * @param messageIdDomain the right-hand side of every Message-ID
 * @param senders per client, the mailbox touches go out from
 */
@ConfigurationProperties("touchflow.dispatch")
public record DispatchProperties(
        @DefaultValue("30s") Duration undoWindow,
        @DefaultValue("250ms") Duration pollInterval,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("30s") Duration retryBackoff,
        @DefaultValue("5m") Duration staleSending,
        @DefaultValue("touchflow.local") String messageIdDomain,
        Map<String, Sender> senders) {

    public DispatchProperties {
        senders = senders == null ? Map.of() : Map.copyOf(senders);
    }

    public record Sender(String address, String name) {
    }
}
