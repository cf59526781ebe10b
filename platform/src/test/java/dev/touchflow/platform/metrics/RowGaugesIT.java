package dev.touchflow.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.testkit.ServiceUnderTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The gauges count a real table's rows by tag, and the oldest's age, and follow the table as it changes. */
@SpringBootTest(
        properties = {
            "spring.application.name=platform-test",
            "spring.flyway.locations=classpath:db/platform",
            "touchflow.platform.idle-in-transaction-timeout=1s"
        })
class RowGaugesIT {

    @Autowired
    DatabaseClient db;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceUnderTest.register(registry, "platform");
    }

    @Test
    void eachTagsRowsAndOldestAgeAreCountedAndFollowTheTable() {
        String table = "waiting_" + UUID.randomUUID().toString().replace("-", "");
        run("CREATE TABLE " + table + " (status text NOT NULL, created_at timestamptz NOT NULL)");
        run("INSERT INTO " + table + " VALUES ('a', now() - interval '90 seconds'), ('a', now()),"
                + " ('b', now() - interval '5 seconds'), ('done', now() - interval '1 day')");
        RowGauges gauges = new RowGauges(
                db,
                "test.waiting",
                "Rows waiting",
                "status",
                List.of("a", "b", "c"),
                "SELECT status AS tag, count(*) AS rows, min(created_at) AS oldest FROM " + table
                        + " WHERE status IN ('a', 'b', 'c') GROUP BY status");
        MeterRegistry registry = new SimpleMeterRegistry();
        gauges.bindTo(registry);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> rows(registry, "a") == 2);
            assertThat(rows(registry, "b")).isEqualTo(1);
            assertThat(rows(registry, "c"))
                    .as("a value without rows is shown as 0")
                    .isZero();
            assertThat(age(registry, "a")).isBetween(90.0, 150.0);
            assertThat(age(registry, "b")).isBetween(5.0, 65.0);
            assertThat(age(registry, "c")).isZero();
            assertThat(registry.find("test.waiting").tag("status", "done").gauge())
                    .isNull();

            // The next count follows the table
            run("DELETE FROM " + table + " WHERE status = 'a'");
            await().atMost(Duration.ofSeconds(30)).until(() -> rows(registry, "a") == 0);
            assertThat(age(registry, "a")).isZero();
            assertThat(rows(registry, "b")).isEqualTo(1);
        } finally {
            gauges.destroy();
            run("DROP TABLE " + table);
        }
    }

    private static double rows(MeterRegistry registry, String status) {
        return registry.get("test.waiting").tag("status", status).gauge().value();
    }

    private static double age(MeterRegistry registry, String status) {
        return registry.get("test.waiting.oldest.age")
                .tag("status", status)
                .gauge()
                .value();
    }

    private void run(String sql) {
        db.sql(sql).then().block(Duration.ofSeconds(10));
    }
}
