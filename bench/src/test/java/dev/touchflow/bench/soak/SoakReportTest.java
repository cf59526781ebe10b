package dev.touchflow.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SoakReportTest {

    @Test
    void quantilesAreNearestRank() {
        List<Long> hundred = LongStream.rangeClosed(1, 100).boxed().toList();

        assertThat(SoakReport.quantile(hundred, 0.50)).isEqualTo(50);
        assertThat(SoakReport.quantile(hundred, 0.99)).isEqualTo(99);
        assertThat(SoakReport.quantile(List.of(7L, 3L, 5L), 0.50)).isEqualTo(5);
        assertThat(SoakReport.quantile(List.of(), 0.99)).isEqualTo(-1);
    }

    @Test
    void aStageAtOrOverASecondAtP99ALateDrainAndAStageWithoutSamplesAreNamed() {
        Map<String, List<Long>> stages = new LinkedHashMap<>();
        stages.put("fast", LongStream.rangeClosed(1, 100).boxed().toList());
        stages.put(
                "slow",
                LongStream.rangeClosed(1, 100).map(ms -> ms * 20).boxed().toList());
        stages.put("empty", List.of());
        SoakReport report = new SoakReport(
                50,
                Duration.ofMinutes(10),
                30_000,
                stages,
                List.<long[]>of(new long[] {0, 0}, new long[] {5, 1200}),
                75.0,
                Duration.ofMinutes(12));

        assertThat(report.missed())
                .containsExactly(
                        "slow: p99 1980 ms (target under 1000 ms)",
                        "empty: no sample",
                        "lag back to 0 after 75 s (target within 60 s)");
        JsonNode json = JsonMapper.builder().build().readTree(report.toJson());
        assertThat(json.path("stages").path("slow").path("p50_ms").asLong()).isEqualTo(1000);
        assertThat(json.path("stages").path("slow").path("max_ms").asLong()).isEqualTo(2000);
        assertThat(json.path("max_lag").asLong()).isEqualTo(1200);
        assertThat(json.path("lag_zero_within_60_s").asBoolean()).isFalse();
        assertThat(json.path("targets_met").asBoolean()).isFalse();
    }

    @Test
    void everyTargetMetIsSaidSo() {
        SoakReport report = new SoakReport(
                5,
                Duration.ofMinutes(1),
                300,
                Map.of("fast", List.of(10L, 20L, 990L)),
                List.<long[]>of(new long[] {0, 3}),
                9.2,
                Duration.ofMinutes(2));

        assertThat(report.missed()).isEmpty();
        assertThat(JsonMapper.builder()
                        .build()
                        .readTree(report.toJson())
                        .path("lag_zero_after_load_s")
                        .asDouble())
                .isEqualTo(9.2);
    }
}
