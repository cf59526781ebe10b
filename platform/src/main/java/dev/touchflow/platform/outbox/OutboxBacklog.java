package dev.touchflow.platform.outbox;

import dev.touchflow.platform.metrics.RowGauges;
import dev.touchflow.platform.properties.PlatformProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * How far the outbox relay is behind: {@code touchflow.outbox.backlog} (rows not yet published) and
 * {@code touchflow.outbox.backlog.oldest.age}.
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
}
