package dev.touchflow.drafting.draft;

import dev.touchflow.platform.metrics.RowGauges;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/** Drafts waiting for a person, by status, and how long the oldest has waited ({@code touchflow.drafts}). */
@Configuration(proxyBeanMethods = false)
class DraftGauges {

    @Bean
    RowGauges draftsWaiting(DatabaseClient db) {
        return new RowGauges(
                db,
                "touchflow.drafts",
                "Drafts waiting for a person",
                "status",
                List.of("pending", "needs_attention"),
                """
                SELECT status AS tag, count(*) AS rows, min(created_at) AS oldest FROM drafts
                WHERE status IN ('pending', 'needs_attention') GROUP BY status""");
    }
}
