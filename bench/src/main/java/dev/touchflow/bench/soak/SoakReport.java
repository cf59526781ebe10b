package dev.touchflow.bench.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a soak measured: each stage's latencies, the consumer lag over time, and how long lag took to
 * return to 0 once the load stopped; judged against the targets (p99 of every stage under a second,
 * lag back to 0 within a minute).
 *
 * @param stages       each stage's latencies in milliseconds
 * @param lagSamples   {@code [seconds since the load began, records behind]}
 * @param drainedAfter seconds from the end of the load until lag was 0; null when it was not within the limit
 */
public record SoakReport(
        double rate,
        Duration load,
        int contacts,
        Map<String, List<Long>> stages,
        List<long[]> lagSamples,
        Double drainedAfter,
        Duration elapsed) {

    static final long STAGE_P99_TARGET_MS = 1000;
    static final double DRAIN_TARGET_S = 60;

    /** The latency at this quantile (nearest rank), in milliseconds; -1 with no sample. */
    static long quantile(List<Long> samples, double q) {
        if (samples.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(samples);
        sorted.sort(null);
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** The targets missed, named; empty when every one was met. */
    public List<String> missed() {
        List<String> missed = new ArrayList<>();
        stages.forEach((stage, samples) -> {
            long p99 = quantile(samples, 0.99);
            if (samples.isEmpty()) {
                missed.add(stage + ": no sample");
            } else if (p99 >= STAGE_P99_TARGET_MS) {
                missed.add(stage + ": p99 " + p99 + " ms (target under " + STAGE_P99_TARGET_MS + " ms)");
            }
        });
        if (drainedAfter == null || drainedAfter > DRAIN_TARGET_S) {
            missed.add("lag back to 0 "
                    + (drainedAfter == null ? "not within the drain limit" : "after " + Math.round(drainedAfter) + " s")
                    + " (target within " + (int) DRAIN_TARGET_S + " s)");
        }
        return missed;
    }

    /** One JSON object, as {@code ./touchflow bench soak} prints it. */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rate_per_s", rate);
        json.put("load_s", load.toSeconds());
        json.put("contacts", contacts);
        Map<String, Object> latencies = new LinkedHashMap<>();
        stages.forEach((stage, samples) -> latencies.put(
                stage,
                Map.of(
                        "count",
                        samples.size(),
                        "p50_ms",
                        quantile(samples, 0.50),
                        "p99_ms",
                        quantile(samples, 0.99),
                        "max_ms",
                        samples.stream().mapToLong(Long::longValue).max().orElse(-1))));
        json.put("stages", latencies);
        json.put("lag", lagSamples);
        json.put(
                "max_lag",
                lagSamples.stream().mapToLong(sample -> sample[1]).max().orElse(0));
        json.put("lag_zero_after_load_s", drainedAfter == null ? null : Math.round(drainedAfter * 10) / 10.0);
        json.put("lag_zero_within_60_s", drainedAfter != null && drainedAfter <= DRAIN_TARGET_S);
        json.put("elapsed_s", elapsed.toSeconds());
        json.put("targets_met", missed().isEmpty());
        json.put("missed", missed());
        return JsonMapper.builder().build().writeValueAsString(json);
    }
}
