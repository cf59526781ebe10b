package dev.touchflow.dispatch.send;

import dev.touchflow.platform.metrics.RowGauges;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The send queue by status, the states that wait or need a person ({@code touchflow.sends}); what was sent
 * is counted on {@code touchflow.sent} by the consumers of that topic, not here.
 */
@Configuration(proxyBeanMethods = false)
class SendGauges {

    @Bean
    RowGauges sendsByStatus(DatabaseClient db) {
        return new RowGauges(
                db,
                "touchflow.sends",
                "Sends in the queue",
                "status",
                List.of("pending", "sending", "task", "unknown", "dead", "failed"),
                """
                SELECT status AS tag, count(*) AS rows, min(created_at) AS oldest FROM sales_send_queue
                WHERE status IN ('pending', 'sending', 'task', 'unknown', 'dead', 'failed') GROUP BY status""");
    }
}
