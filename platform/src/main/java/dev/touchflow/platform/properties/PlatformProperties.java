package dev.touchflow.platform.properties;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The platform's knobs, under {@code touchflow.platform}.
 *
 * @param partitions partitions of every topic a service creates
 * @param replicationFactor replication of every topic a service creates (1 on the embedded broker)
 * @param valueSerializer the Kafka serializer for event values; swap in a registry-aware one here
 * @param valueDeserializer the Kafka deserializer for event values
 * @param serdeConfig passed to both, e.g. {@code schema.registry.url}
 * @param outbox the relay's knobs
 * @param consumer how long a listener waits for one event's effect to commit
 * @param inboxRetention how long the ids of processed events are kept; longer than any topic's retention
 *     (Kafka's default is 7 days), so a replay from offset 0 finds every event it can still read
 * @param idleInTransactionTimeout how long PostgreSQL lets one of a service's transactions sit idle
 *     before it ends the session and rolls the transaction back, releasing its locks: an instance cut
 *     off from the database by the network holds no rows beyond this (no transaction of Touchflow's
 *     waits on anything but the database)
 * @param transactionTimeout the longest a transaction may stay open (PostgreSQL 17's {@code transaction_timeout};
 *     zero leaves it unset, for an older server): below the outbox's gap lifetime, so a row's id is never
 *     passed over by the relay for longer than a transaction could still be writing it
 * @param statementTimeout the longest one statement may run
 */
@ConfigurationProperties("touchflow.platform")
public record PlatformProperties(
        @DefaultValue("3") int partitions,
        @DefaultValue("1") short replicationFactor,

        @DefaultValue("dev.touchflow.schemas.serde.AvroSingleObjectSerializer")
        String valueSerializer,

        @DefaultValue("dev.touchflow.schemas.serde.AvroSingleObjectDeserializer")
        String valueDeserializer,

        Map<String, String> serdeConfig,
        @DefaultValue Outbox outbox,
        @DefaultValue Consumer consumer,
        @DefaultValue("30d") Duration inboxRetention,
        @DefaultValue("60s") Duration idleInTransactionTimeout,
        @DefaultValue("45s") Duration transactionTimeout,
        @DefaultValue("30s") Duration statementTimeout) {

    public PlatformProperties {
        serdeConfig = serdeConfig == null ? Map.of() : Map.copyOf(serdeConfig);
        Duration gapLife = outbox == null ? Duration.ofSeconds(60) : outbox.rescanInterval();
        if (transactionTimeout != null && !transactionTimeout.isZero() && transactionTimeout.compareTo(gapLife) >= 0) {
            throw new IllegalArgumentException("touchflow.platform.transaction-timeout (" + transactionTimeout
                    + ") must be below the outbox's rescan interval (" + gapLife + "), or a row committed late could be"
                    + " passed over until a restart");
        }
    }

    /**
     * @param pollInterval how often the relay looks for unpublished rows
     * @param batchSize rows published per round
     * @param lease how long one instance holds the relay without renewing; its first half, in which the relay
     *     publishes without asking again, must outlast the producer's {@code delivery.timeout.ms}, so no
     *     publish is still in flight when another instance may take the relay
     * @param retention how long published rows are kept before they are deleted; zero deletes them as they are published
     * @param rescanInterval how often the relay looks again from the first id (a hole in the ids is looked at this long)
     * @param staleAfter how long the oldest unpublished row may wait before readiness says the relay is behind
     * @param idlePollInterval the longest the poll waits after rounds that found nothing ({@code RelayPace}); a
     *     row another instance wrote waits at most this long
     */
    public record Outbox(
            @DefaultValue("100ms") Duration pollInterval,
            @DefaultValue("500") int batchSize,
            @DefaultValue("120s") Duration lease,
            @DefaultValue("7d") Duration retention,
            @DefaultValue("60s") Duration rescanInterval,
            @DefaultValue("5m") Duration staleAfter,
            @DefaultValue("1s") Duration idlePollInterval) {}

    /**
     * @param effectTimeout the longest one transaction of events' effects may take before its records are retried
     * @param batchSize     the most events a batch listener applies in one transaction
     * @param maxBackoff    the longest wait between two tries of a record held up by a dependency that is
     *                      down; the tries go on until it is back
     */
    public record Consumer(
            @DefaultValue("30s") Duration effectTimeout,
            @DefaultValue("10s") Duration maxBackoff,
            @DefaultValue("100") int batchSize) {}
}
