package dev.touchflow.bench.launch;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launch's stages in order, each waited for until all N contacts have passed it, or until it made no
 * progress for the stall limit; then each stage's own rate (contacts over the span from its first to its
 * last output) and when it was done, counted from the enroll call or from the first approval.
 */
final class Stages {

    private static final Logger log = LoggerFactory.getLogger(Stages.class);
    private static final Duration ROUND = Duration.ofMillis(200);
    private static final double SAME_RATE = 0.05;

    private final int contacts;
    private final Duration stall;
    private final Map<String, Stage> stages = new LinkedHashMap<>();
    private long origin = System.currentTimeMillis();

    private record Stage(StageWatch.Seen seen, long origin) {

        double ownRate() {
            double span = Math.max(1, seen.lastAt() - seen.firstAt()) / 1000.0;
            return seen.contacts() / span;
        }
    }

    Stages(int contacts, Duration stall) {
        this.contacts = contacts;
        this.stall = stall;
    }

    /** Later stages' done times count from here (the first approval). */
    void restartFrom(long originMillis) {
        origin = originMillis;
    }

    void await(String name, Supplier<StageWatch.Seen> progress) throws InterruptedException {
        StageWatch.Seen seen = progress.get();
        int lastCount = seen.contacts();
        long lastProgress = System.nanoTime();
        long lastLog = System.nanoTime();
        while (seen.contacts() < contacts && System.nanoTime() - lastProgress < stall.toNanos()) {
            Thread.sleep(ROUND.toMillis());
            seen = progress.get();
            if (seen.contacts() > lastCount) {
                lastCount = seen.contacts();
                lastProgress = System.nanoTime();
            }
            if (System.nanoTime() - lastLog > Duration.ofSeconds(5).toNanos()) {
                log.info("launch: {} {}/{}", name, seen.contacts(), contacts);
                lastLog = System.nanoTime();
            }
        }
        if (seen.contacts() < contacts) {
            log.warn("launch: {} stalled at {}/{} for {}", name, seen.contacts(), contacts, stall);
        }
        stages.put(name, new Stage(seen, origin));
    }

    /** Contacts a second from {@code fromMillis} to the end of the stage. */
    double rate(long fromMillis, String name) {
        Stage stage = stages.get(name);
        return LaunchRun.round(
                stage.seen().contacts() / Math.max(0.001, (stage.seen().lastAt() - fromMillis) / 1000.0));
    }

    double secondsTo(long fromMillis, String name) {
        return LaunchRun.seconds(fromMillis, stages.get(name).seen().lastAt());
    }

    Map<String, Object> report() {
        Map<String, Object> report = new LinkedHashMap<>();
        stages.forEach((name, stage) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("contacts", stage.seen().contacts());
            one.put("complete", stage.seen().contacts() >= contacts);
            one.put(
                    "done_after_s",
                    LaunchRun.seconds(stage.origin(), stage.seen().lastAt()));
            one.put("rate_per_s", LaunchRun.round(stage.ownRate()));
            report.put(name, one);
        });
        return report;
    }

    /**
     * The stage that limits the pipeline: the lowest own rate, and of stages within 5% of it the earliest,
     * since a stage behind a slow one can only go as fast as it is fed.
     */
    String slowest() {
        double lowest =
                stages.values().stream().mapToDouble(Stage::ownRate).min().orElse(0);
        return stages.entrySet().stream()
                .filter(stage -> stage.getValue().ownRate() <= lowest * (1 + SAME_RATE))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse("none");
    }
}
