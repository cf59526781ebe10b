package dev.touchflow.platform.outbox;

import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The one lease row that lets a single instance of a service publish its outbox at a time, so
 * per-key order holds when the service is scaled out.
 */
final class RelayLease {

    private final DatabaseClient db;
    private final Duration lease;
    private final String owner = UUID.randomUUID().toString();
    /** Until when (System.nanoTime) the last renewal surely holds the lease: half of it, counted from before it was sent. */
    private volatile long sureUntil = System.nanoTime();

    /**
     * The lease must outlive any publish in flight: more than twice the producer's
     * {@code delivery.timeout.ms}, or another instance could take the relay while a batch of this
     * one's may still land.
     */
    static void mustOutliveAPublish(Duration lease, KafkaTemplate<String, byte[]> kafka) {
        Object deliveryTimeout = kafka.getProducerFactory()
                .getConfigurationProperties()
                .getOrDefault(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        if (Duration.ofMillis(Long.parseLong(deliveryTimeout.toString())).compareTo(lease.dividedBy(2)) >= 0) {
            throw new IllegalStateException("the outbox lease (" + lease + ") must be more than twice the producer's "
                    + "delivery.timeout.ms (" + deliveryTimeout + " ms), or a publish could still be in flight when "
                    + "another instance takes the relay");
        }
    }

    RelayLease(DatabaseClient db, Duration lease) {
        this.db = db;
        this.lease = lease;
    }

    /**
     * Takes or renews the lease. Within the first half of a lease this instance renewed, it is
     * surely still held (no one else may take it before it expires), so no statement is sent.
     */
    Mono<Boolean> hold() {
        return Mono.defer(() -> {
            long sent = System.nanoTime();
            if (sent - sureUntil < 0) {
                return Mono.just(true);
            }
            return db.sql("""
                            INSERT INTO outbox_lease (name, owner, expires_at) VALUES ('relay', :owner, now() + make_interval(secs => :leaseSeconds))
                            ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
                            WHERE outbox_lease.owner = excluded.owner OR outbox_lease.expires_at < now()""")
                    .bind("owner", owner)
                    .bind("leaseSeconds", lease.toMillis() / 1000.0)
                    .fetch()
                    .rowsUpdated()
                    .map(updated -> updated == 1)
                    .doOnNext(held -> sureUntil = held ? sent + lease.toNanos() / 2 : sent);
        });
    }
}
