package dev.touchflow.bench.soak;

import dev.touchflow.embedded.PostgresServer;
import dev.touchflow.local.ConsumerLag;
import dev.touchflow.local.LocalSettings;
import dev.touchflow.local.LocalTouchflow;
import dev.touchflow.local.Pause;
import dev.touchflow.local.workload.OperatorApi;
import dev.touchflow.local.workload.Workload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./touchflow bench soak}: the local runner (one JVM, its own broker, database and mail sink)
 * under a steady stream of booked meetings for a while, with the scripted people of the fault suite
 * routing, approving and answering; then every stage's latency, read from the services' own tables and
 * from the topics' record timestamps, and the consumer lag sampled throughout and after the load.
 */
public final class SoakRun {

    private static final Logger log = LoggerFactory.getLogger(SoakRun.class);
    private static final Duration PEOPLE_ROUND = Duration.ofMillis(250);

    /**
     * @param rate meetings booked (contacts enrolled) a second
     * @param load how long meetings are booked
     * @param drainLimit how long, after the load, lag may take to return to 0 before the run gives up waiting
     */
    public record Options(double rate, Duration load, Duration drainLimit, Path state) {}

    private SoakRun() {}

    public static SoakReport run(Options options) throws Exception {
        Path state = options.state();
        String prefix = "soak-" + Long.toString(System.currentTimeMillis(), 36);
        LocalSettings settings = LocalSettings.onFreePorts(state, Workload.serviceSettings());
        long started = System.nanoTime();
        try (LocalTouchflow touchflow = LocalTouchflow.start(settings, LocalTouchflow.Mode.ONE_JVM)) {
            PostgresServer postgres = touchflow.postgres();
            Map<String, DataSource> databases = new HashMap<>();
            for (String database : List.of("touchflow_enrollment", "touchflow_drafting", "touchflow_dispatch")) {
                databases.put(database, postgres.adminDataSource(database));
            }
            Workload workload = new Workload(
                    prefix,
                    touchflow.bootstrapServers(),
                    settings.services(),
                    new OperatorApi(touchflow.operatorToken()),
                    touchflow.mail(),
                    () -> databases.get("touchflow_enrollment"));
            workload.createCampaigns();
            ConsumerLag lag = new ConsumerLag(touchflow.bootstrapServers());
            List<long[]> lagSamples = new CopyOnWriteArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService people = Executors.newFixedThreadPool(5);
            people.execute(() -> everyRound(stop, workload.people()::routeBookedMeetings));
            people.execute(() -> everyRound(stop, workload.people()::approveDrafts));
            people.execute(() -> everyRound(stop, workload.people()::answerTouches));
            people.execute(() -> everyRound(stop, workload.people()::convertInterested));
            long loadStart = System.nanoTime();
            people.execute(() -> sampleLag(stop, lag, loadStart, lagSamples));

            log.info("soak: booking {} meetings a second for {}", options.rate(), options.load());
            // the people work on their own threads: the booking thread only books
            int booked = workload.bookFor(options.load(), options.rate(), Duration.ofMillis(10), () -> {});
            long loadEnd = System.nanoTime();
            log.info("soak: {} meetings booked; waiting for consumer lag to return to 0", booked);
            Double drainedAfter = null;
            while (System.nanoTime() - loadEnd < options.drainLimit().toNanos()) {
                long now = lag.ofTouchflow();
                if (now == 0) {
                    drainedAfter = (System.nanoTime() - loadEnd) / 1e9;
                    break;
                }
                Pause.of(Duration.ofSeconds(1));
            }
            // the people finish what is in flight (approvals of the last drafts, the last answers), then stop
            Pause.of(Duration.ofSeconds(15));
            stop.set(true);
            people.shutdown();
            people.awaitTermination(1, TimeUnit.MINUTES);
            workload.close();

            Map<String, List<Long>> stages = StageTimes.of(workload, prefix, databases, touchflow.bootstrapServers());
            return new SoakReport(
                    options.rate(),
                    options.load(),
                    booked,
                    stages,
                    lagSamples,
                    drainedAfter,
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private static void everyRound(AtomicBoolean stop, Runnable activity) {
        while (!stop.get()) {
            try {
                activity.run();
            } catch (RuntimeException e) {
                log.warn("soak: a scripted round failed: {}", e.toString());
            }
            Pause.of(PEOPLE_ROUND);
        }
    }

    /** Lag every five seconds while meetings are booked and after, as {@code [seconds since the load began, lag]}. */
    private static void sampleLag(AtomicBoolean stop, ConsumerLag lag, long loadStart, List<long[]> samples) {
        while (!stop.get()) {
            samples.add(
                    new long[] {Duration.ofNanos(System.nanoTime() - loadStart).toSeconds(), lag.ofTouchflow()});
            Pause.of(Duration.ofSeconds(5));
        }
    }
}
