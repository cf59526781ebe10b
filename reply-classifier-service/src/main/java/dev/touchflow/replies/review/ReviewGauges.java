package dev.touchflow.replies.review;

import dev.touchflow.platform.metrics.RowGauges;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/** Replies waiting for a person's label, and how long the oldest has waited ({@code touchflow.replies.waiting}). */
@Configuration(proxyBeanMethods = false)
class ReviewGauges {

    @Bean
    RowGauges repliesWaiting(DatabaseClient db) {
        return new RowGauges(
                db,
                "touchflow.replies.waiting",
                "Replies waiting for a person",
                "status",
                List.of("needs_review"),
                """
                SELECT status AS tag, count(*) AS rows, min(created_at) AS oldest FROM received_messages
                WHERE status = 'needs_review' GROUP BY status""");
    }
}
