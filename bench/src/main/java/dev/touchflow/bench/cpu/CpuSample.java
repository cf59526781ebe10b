package dev.touchflow.bench.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * CPU used so far by this JVM, by the processes of the runner it started (the broker's JVM, PostgreSQL), and by
 * each of the JVM's threads; two samples give the cores used between them.
 */
public record CpuSample(long atNanos, long jvmNanos, Map<String, Long> childNanos, Map<String, Long> threadNanos) {

    /**
     * Now, with the CPU of this JVM's child processes (the broker's JVM) and of the PostgreSQL server whose data
     * lies under {@code state}: it runs detached (pg_ctl starts it), so it is found by its command line.
     */
    public static CpuSample now(Path state) {
        Map<String, Long> children = new HashMap<>();
        ProcessHandle.current().descendants().forEach(child -> children.merge("broker", cpu(child), Long::sum));
        String data = state.toAbsolutePath().toString();
        ProcessHandle.allProcesses()
                .filter(process -> process.info().command().orElse("").endsWith("postgres")
                        && String.join(" ", process.info().arguments().orElse(new String[0]))
                                .contains(data))
                .flatMap(postmaster -> Stream.concat(Stream.of(postmaster), postmaster.descendants()))
                .forEach(process -> children.merge("postgres", cpu(process), Long::sum));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> byThread = new HashMap<>();
        for (ThreadInfo thread : threads.dumpAllThreads(false, false)) {
            long cpu = threads.getThreadCpuTime(thread.getThreadId());
            if (cpu > 0) {
                byThread.merge(thread.getThreadName() + "#" + thread.getThreadId(), cpu, Long::sum);
            }
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new CpuSample(System.nanoTime(), os.getProcessCpuTime(), children, byThread);
    }

    private static long cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    public double seconds(CpuSample later) {
        return (later.atNanos - atNanos) / 1e9;
    }

    /** Cores this JVM used until {@code later}. */
    public double jvmCores(CpuSample later) {
        return (later.jvmNanos - jvmNanos) / 1e9 / seconds(later);
    }

    /** Cores the child processes used until {@code later} (a child that ended takes its time with it). */
    public double childCores(CpuSample later) {
        return childCores(later, "postgres") + childCores(later, "broker");
    }

    /** Cores the child processes of a kind ({@code postgres}, {@code broker}) used until {@code later}. */
    public double childCores(CpuSample later, String kind) {
        return Math.max(0, later.childNanos.getOrDefault(kind, 0L) - childNanos.getOrDefault(kind, 0L))
                / 1e9
                / seconds(later);
    }

    /** Cores each thread used until {@code later}, busiest first, the {@code limit} busiest. */
    public Map<String, Double> threadCores(CpuSample later, int limit) {
        return top(later, limit, name -> name);
    }

    /**
     * Cores until {@code later} per group of threads, busiest first: a service's listener threads are named
     * after the listener ({@code dispatch.approved-0-C-1} → {@code dispatch}); other pools by their name
     * with the numbers taken out ({@code reactor-tcp-epoll-2} → {@code reactor-tcp-epoll-N}).
     */
    public Map<String, Double> groupCores(CpuSample later, int limit) {
        return top(later, limit, CpuSample::group);
    }

    static String group(String thread) {
        String name = thread.substring(0, thread.lastIndexOf('#') < 0 ? thread.length() : thread.lastIndexOf('#'));
        int dot = name.indexOf('.');
        if (dot > 0 && name.substring(0, dot).matches("[a-z]+")) {
            return name.substring(0, dot);
        }
        return name.replaceAll("\\d+", "N");
    }

    private Map<String, Double> top(CpuSample later, int limit, Function<String, String> key) {
        Map<String, Long> used = new HashMap<>();
        later.threadNanos.forEach((thread, nanos) -> {
            long delta = nanos - threadNanos.getOrDefault(thread, 0L);
            if (delta > 0) {
                used.merge(key.apply(thread), delta, Long::sum);
            }
        });
        double seconds = seconds(later);
        Map<String, Double> cores = new LinkedHashMap<>();
        used.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(limit)
                .forEach(entry -> cores.put(entry.getKey(), entry.getValue() / 1e9 / seconds));
        return cores;
    }

    /** This JVM's resident memory (Linux's /proc), or -1 where there is none. */
    public static long rssMegabytes() {
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
