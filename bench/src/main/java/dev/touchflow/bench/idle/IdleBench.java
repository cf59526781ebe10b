package dev.touchflow.bench.idle;

import dev.touchflow.bench.cpu.CpuSample;
import dev.touchflow.local.CommandOptions;
import dev.touchflow.local.LocalSettings;
import dev.touchflow.local.LocalTouchflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code ./touchflow bench idle [--seconds S] [--settle-seconds W]}: the local runner's CPU and memory over a
 * quiet stretch after it starts, as one JSON object: {@code cores} (CPU seconds per second of this JVM and the
 * processes it started: PostgreSQL's and the broker's JVM, each also on its own), {@code rss_mb}, and the threads that used the most, so a busy one is named.
 */
public final class IdleBench {

    private IdleBench() {}

    public static void main(String[] args) throws Exception {
        CommandOptions options = CommandOptions.parse(Arrays.asList(args), Set.of("--seconds", "--settle-seconds"));
        Duration window = Duration.ofMillis((long) (options.positive("--seconds", 60) * 1000));
        Duration settle = Duration.ofMillis((long) (options.positive("--settle-seconds", 20) * 1000));
        Path state = Files.createTempDirectory("touchflow-idle-");
        LocalSettings settings = LocalSettings.onFreePorts(state, Map.of());
        try (LocalTouchflow touchflow = LocalTouchflow.start(settings, LocalTouchflow.Mode.ONE_JVM)) {
            // started: let the first polls, schedules and rebalances pass, then measure nothing but waiting
            Thread.sleep(settle.toMillis());
            CpuSample before = CpuSample.now(state);
            Thread.sleep(window.toMillis());
            System.out.println(json(before, CpuSample.now(state)));
        }
    }

    private static String json(CpuSample before, CpuSample after) {
        List<String> busiest = cores("thread", before.threadCores(after, 8));
        List<String> groups = cores("group", before.groupCores(after, 12));
        return String.format(
                Locale.ROOT,
                "{\"seconds\": %.0f, \"cores\": %.4f, \"jvm_cores\": %.4f, \"postgres_cores\": %.4f, \"broker_cores\": %.4f,"
                        + " \"rss_mb\": %d,"
                        + " \"target_cores\": 0.05, \"busiest_threads\": [%s], \"busiest_groups\": [%s]}",
                before.seconds(after),
                before.jvmCores(after) + before.childCores(after),
                before.jvmCores(after),
                before.childCores(after, "postgres"),
                before.childCores(after, "broker"),
                CpuSample.rssMegabytes(),
                String.join(", ", busiest),
                String.join(", ", groups));
    }

    private static List<String> cores(String kind, Map<String, Double> cores) {
        return cores.entrySet().stream()
                .map(entry -> String.format(
                        Locale.ROOT,
                        "{\"%s\": \"%s\", \"cores\": %.4f}",
                        kind,
                        entry.getKey().replace("\\", "\\\\").replace("\"", "\\\""),
                        entry.getValue()))
                .collect(Collectors.toList());
    }
}
