package dev.touchflow.bench.idle;

import dev.touchflow.embedded.FreePorts;
import dev.touchflow.local.CommandOptions;
import dev.touchflow.local.LocalSettings;
import dev.touchflow.local.LocalTouchflow;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code ./touchflow bench idle [--seconds S] [--settle-seconds W]}: the local runner's CPU and memory over a
 * quiet stretch after it starts, as one JSON object: {@code cores} (CPU seconds per second of this JVM and the
 * PostgreSQL processes it started), {@code rss_mb}, and the threads that used the most, so a busy one is named.
 */
public final class IdleBench {

    private IdleBench() {}

    public static void main(String[] args) throws Exception {
        CommandOptions options = CommandOptions.parse(Arrays.asList(args), Set.of("--seconds", "--settle-seconds"));
        Duration window = Duration.ofMillis((long) (options.positive("--seconds", 60) * 1000));
        Duration settle = Duration.ofMillis((long) (options.positive("--settle-seconds", 20) * 1000));
        Path state = Files.createTempDirectory("touchflow-idle-");
        LocalSettings settings = new LocalSettings(
                state,
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next(),
                0,
                0,
                LocalSettings.Ports.free(),
                Map.of(),
                Clock.systemUTC());
        try (LocalTouchflow touchflow = LocalTouchflow.start(settings, LocalTouchflow.Mode.ONE_JVM)) {
            // started: let the first polls, schedules and rebalances pass, then measure nothing but waiting
            Thread.sleep(settle.toMillis());
            Sample before = Sample.now();
            long started = System.nanoTime();
            Thread.sleep(window.toMillis());
            Sample after = Sample.now();
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.println(json(seconds, before, after));
        }
    }

    /** CPU used so far: this JVM, its child processes, and each thread of the JVM. */
    private record Sample(long jvmNanos, long childrenNanos, Map<String, Long> threadNanos) {

        static Sample now() {
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long children = ProcessHandle.current()
                    .descendants()
                    .mapToLong(child -> child.info()
                            .totalCpuDuration()
                            .map(Duration::toNanos)
                            .orElse(0L))
                    .sum();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Map<String, Long> byThread = new HashMap<>();
            for (ThreadInfo thread : threads.dumpAllThreads(false, false)) {
                long cpu = threads.getThreadCpuTime(thread.getThreadId());
                if (cpu > 0) {
                    byThread.merge(thread.getThreadName() + "#" + thread.getThreadId(), cpu, Long::sum);
                }
            }
            return new Sample(os.getProcessCpuTime(), children, byThread);
        }
    }

    private static String json(double seconds, Sample before, Sample after) {
        double jvm = (after.jvmNanos() - before.jvmNanos()) / 1e9 / seconds;
        double children = Math.max(0, after.childrenNanos() - before.childrenNanos()) / 1e9 / seconds;
        List<String> busiest = after.threadNanos().entrySet().stream()
                .map(thread -> Map.entry(
                        thread.getKey(),
                        thread.getValue() - before.threadNanos().getOrDefault(thread.getKey(), 0L)))
                .filter(thread -> thread.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(8)
                .map(thread -> String.format(
                        Locale.ROOT,
                        "{\"thread\": \"%s\", \"cores\": %.4f}",
                        thread.getKey().replace("\\", "\\\\").replace("\"", "\\\""),
                        thread.getValue() / 1e9 / seconds))
                .collect(Collectors.toList());
        return String.format(
                Locale.ROOT,
                "{\"seconds\": %.0f, \"cores\": %.4f, \"jvm_cores\": %.4f, \"postgres_cores\": %.4f, \"rss_mb\": %d,"
                        + " \"target_cores\": 0.05, \"busiest_threads\": [%s]}",
                seconds,
                jvm + children,
                jvm,
                children,
                rssMegabytes(),
                String.join(", ", busiest));
    }

    /** This JVM's resident memory (Linux's /proc), or -1 where there is none. */
    private static long rssMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }
}
