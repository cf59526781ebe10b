package dev.touchflow.platform.outbox;

import dev.touchflow.platform.metrics.RowGauges;
import dev.touchflow.platform.properties.PlatformProperties;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * How far the outbox relay is behind: {@code touchflow.outbox.backlog} (rows not yet published) and
 * {@code touchflow.outbox.backlog.oldest.age}; and readiness's {@code outbox} component, out of service while the
 * oldest unpublished row has waited longer than {@code touchflow.platform.outbox.stale-after} (5m).
 */
@Configuration(proxyBeanMethods = false)
public class OutboxBacklog {

    @Bean
    RowGauges outboxBacklogGauges(DatabaseClient db, PlatformProperties properties) {
        return new RowGauges(
                db,
                "touchflow.outbox.backlog",
                "Outbox rows not yet published",
                null,
                null,
                "SELECT '' AS tag, count(*) AS rows, min(created_at) AS oldest FROM outbox"
                        + (properties.outbox().retention().isZero() ? "" : " WHERE published_at IS NULL"));
    }

    @Bean
    HealthIndicator outboxHealthIndicator(RowGauges outboxBacklogGauges, PlatformProperties properties) {
        return health(
                () -> outboxBacklogGauges.rows(""),
                () -> outboxBacklogGauges.oldestAge(""),
                properties.outbox().staleAfter());
    }

    /** Up while the oldest unpublished row is younger than {@code staleAfter}, with the backlog as details. */
    static HealthIndicator health(LongSupplier rows, DoubleSupplier oldestAge, Duration staleAfter) {
        return () -> {
            double age = oldestAge.getAsDouble();
            Health.Builder health = age > staleAfter.toSeconds() ? Health.outOfService() : Health.up();
            return health.withDetail("backlog", rows.getAsLong())
                    .withDetail("oldest_age_seconds", Math.round(age))
                    .build();
        };
    }
}
