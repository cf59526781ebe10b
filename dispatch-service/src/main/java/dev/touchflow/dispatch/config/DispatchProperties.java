package dev.touchflow.dispatch.config;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param undoWindow      how long an approved send waits, so it can still be cancelled
 * @param pollInterval    how often the queue is looked at
 * @param sendingLanes    how many sends go out at once, each over its own SMTP connection
 * @param maxAttempts     attempts before a send is dead
 * @param retryBackoff    the first wait after a transient failure; it doubles each attempt, with jitter
 * @param staleSending    a send still {@code sending} after this long was cut off by a crash: unknown
 * @param providerTimeout how long a channel provider may take to answer; past it the touch may have gone: unknown
 * @param breaker         when the SMTP circuit breaker opens, holding the queue, and for how long
 * @param messageIdDomain the right-hand side of every Message-ID
 * @param publicUrl       where recipients reach the unsubscribe and tracking endpoints
 * @param tokenSecret     the HMAC key of unsubscribe and tracking tokens
 * @param mailboxes       the sender mailboxes, by name
 * @param clients         per client: its pool of mailboxes, its postal address, whether it tracks
 * @param campaigns       per campaign: a pool and a tracking switch of its own
 */
@ConfigurationProperties("touchflow.dispatch")
public record DispatchProperties(
        @DefaultValue("30s") Duration undoWindow,
        @DefaultValue("250ms") Duration pollInterval,
        @DefaultValue("4") int sendingLanes,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("30s") Duration retryBackoff,
        @DefaultValue("5m") Duration staleSending,
        @DefaultValue("30s") Duration providerTimeout,
        @DefaultValue Breaker breaker,
        @DefaultValue("touchflow.local") String messageIdDomain,
        @DefaultValue("http://127.0.0.1:8084") String publicUrl,
        String tokenSecret,
        Map<String, Mailbox> mailboxes,
        Map<String, Client> clients,
        Map<String, Campaign> campaigns) {

    public DispatchProperties {
        mailboxes = mailboxes == null ? Map.of() : Map.copyOf(mailboxes);
        clients = clients == null ? Map.of() : Map.copyOf(clients);
        campaigns = campaigns == null ? Map.of() : Map.copyOf(campaigns);
        publicUrl = publicUrl.replaceAll("/+$", "");
        if (sendingLanes < 1) {
            throw new IllegalArgumentException(
                    "touchflow.dispatch.sending-lanes must be at least 1, was " + sendingLanes);
        }
    }

    /** The mailboxes a campaign's touches may leave from: the campaign's pool, else its client's. */
    public List<String> pool(String clientId, String campaignSlug) {
        Campaign campaign = campaigns.get(campaignSlug);
        if (campaign != null && !campaign.pool().isEmpty()) {
            return campaign.pool();
        }
        Client client = clients.get(clientId);
        return client == null ? List.of() : client.pool();
    }

    public boolean tracking(String clientId, String campaignSlug) {
        Campaign campaign = campaigns.get(campaignSlug);
        if (campaign != null && campaign.tracking() != null) {
            return campaign.tracking();
        }
        Client client = clients.get(clientId);
        return client != null && client.tracking();
    }

    public String postalAddress(String clientId) {
        Client client = clients.get(clientId);
        return client == null ? null : client.postalAddress();
    }

    /**
     * A mailbox touches are sent from.
     *
     * @param timezone     the day its daily limit counts in
     * @param dailyLimit   sends per local day; over it, a send waits for the next day's window
     * @param windowStart  when the next day's sending starts, local time
     * @param minGap       the least time between two sends, so approvals do not leave as a burst
     * @param jitter       up to this much is added to each gap at random
     * @param ratePerSecond the provider's rate limit for this account
     */
    public record Mailbox(
            String address,
            String name,
            String signature,
            @DefaultValue("UTC") ZoneId timezone,
            @DefaultValue("50") int dailyLimit,
            @DefaultValue("08:00") LocalTime windowStart,
            @DefaultValue("0s") Duration minGap,
            @DefaultValue("0s") Duration jitter,
            @DefaultValue("5") double ratePerSecond) {}

    /**
     * @param minimumCalls       calls before the failure rate counts (also the window)
     * @param failureRatePercent failed calls, in percent, that open the breaker
     * @param openFor            how long the queue is held before a trial send
     */
    public record Breaker(
            @DefaultValue("5") int minimumCalls,
            @DefaultValue("50") int failureRatePercent,
            @DefaultValue("30s") Duration openFor) {}

    public record Client(List<String> pool, String postalAddress, boolean tracking) {

        public Client {
            pool = pool == null ? List.of() : List.copyOf(pool);
        }
    }

    public record Campaign(List<String> pool, Boolean tracking) {

        public Campaign {
            pool = pool == null ? List.of() : List.copyOf(pool);
        }
    }
}
