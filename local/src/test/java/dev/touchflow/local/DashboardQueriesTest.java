package dev.touchflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The dashboard check reads the metric names out of PromQL, and nothing else. */
class DashboardQueriesTest {

    @Test
    void aQueryReadsTheNamesThatAreNeitherFunctionsKeywordsLabelsNorRanges() {
        assertThat(DashboardQueries.metrics(
                        "histogram_quantile(0.99, sum by (le) (rate(touchflow_step_lateness_seconds_bucket[5m])))"))
                .containsExactly("touchflow_step_lateness_seconds_bucket");
        assertThat(
                        DashboardQueries.metrics(
                                "sum by (application, name) (rate(spring_kafka_listener_seconds_sum[5m]))"
                                        + " / sum without (result) (rate(spring_kafka_listener_seconds_count{result=\"success\"}[5m]))"))
                .containsExactly("spring_kafka_listener_seconds_count", "spring_kafka_listener_seconds_sum");
        assertThat(DashboardQueries.metrics("touchflow_drafts_rows{status=~\"pending|needs_attention\"} > 0"))
                .containsExactly("touchflow_drafts_rows");
    }

    @Test
    void theDashboardQueriesMetricsOfTouchflowKafkaAndResilience4jOnly() throws Exception {
        var queries = DashboardQueries.queries(Path.of("../deploy/grafana/touchflow.json"));

        assertThat(queries).hasSizeGreaterThanOrEqualTo(15);
        assertThat(queries.stream().flatMap(query -> DashboardQueries.metrics(query).stream()))
                .allMatch(metric -> metric.startsWith("touchflow_")
                        || metric.startsWith("kafka_consumer_")
                        || metric.startsWith("spring_kafka_")
                        || metric.startsWith("resilience4j_"));
    }
}
