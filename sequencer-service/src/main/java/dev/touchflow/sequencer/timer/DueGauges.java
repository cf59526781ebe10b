package dev.touchflow.sequencer.timer;

import dev.touchflow.platform.metrics.RowGauges;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Steps due and not yet fired, and how overdue the oldest is ({@code touchflow.steps.due}); the lateness of
 * each step fired is {@code touchflow.step.lateness}.
 */
@Configuration(proxyBeanMethods = false)
class DueGauges {

    @Bean
    RowGauges stepsDue(DatabaseClient db) {
        return new RowGauges(db, "touchflow.steps.due", "Steps due and not yet fired", null, null, """
                SELECT '' AS tag, count(*) AS rows, min(fire_at) AS oldest FROM timers
                WHERE status IN ('scheduled', 'grace') AND fire_at <= now()""");
    }
}
