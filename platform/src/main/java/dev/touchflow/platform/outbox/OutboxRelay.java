package dev.touchflow.platform.outbox;

import dev.touchflow.platform.properties.PlatformProperties;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes the outbox in id order ({@link BrokerHandOver}) and marks rows published (or deletes
 * them, with a zero retention: {@link OutboxTable}) only after the broker acknowledged all of a
 * batch. One instance per service holds the relay through a lease row at a time ({@link RelayLease}),
 * so per-key order holds when a service is scaled out. It publishes as soon as the writer reports a commit of this
 * instance, and polls as the safety net (for rows other instances wrote, or a crash left behind).
 * A round drains the outbox, each batch after the last id published before ({@link RelayCursor}),
 * and now and then looks behind that position for rows committed too late to be seen.
 * A crash between acknowledgement and marking publishes a batch again; consumers deduplicate on
 * the event id, which travels in the {@code ce_id} header.
 */
@Component
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final OutboxTable outbox;
    private final RelayLease lease;
    private final BrokerHandOver broker;
    private final OutboxWriter writer;
    private final PlatformProperties.Outbox settings;
    private final AtomicBoolean running = new AtomicBoolean();
    private final RelayCursor cursor;

    private Disposable loop;
    private volatile long lastWarning = System.nanoTime() - 120_000_000_000L;

    public OutboxRelay(
            DatabaseClient db,
            KafkaTemplate<String, byte[]> kafka,
            OutboxWriter writer,
            PlatformProperties properties,
            @Value("${spring.application.name}") String service) {
        this.writer = writer;
        this.settings = properties.outbox();
        this.outbox = new OutboxTable(db, settings.retention());
        this.lease = new RelayLease(db, settings.lease());
        this.broker = new BrokerHandOver(kafka, "/touchflow/" + service);
        this.cursor = new RelayCursor(settings.rescanInterval(), settings.rescanInterval(), System::nanoTime);
        RelayLease.mustOutliveAPublish(settings.lease(), kafka);
    }

    @Override
    public void start() {
        if (running.compareAndSet(false, true)) {
            Scheduler relay = Schedulers.newSingle("outbox-relay");
            RelayPace pace = new RelayPace(settings.pollInterval(), settings.idlePollInterval(), System::nanoTime);
            // a poll tick is false, a commit of this instance true: a commit always starts a round
            loop = Flux.merge(Flux.interval(settings.pollInterval(), relay).map(tick -> false), writer.commits())
                    .onBackpressureLatest()
                    .publishOn(relay, 1)
                    .concatMap(
                            committed -> committed || pace.due()
                                    ? relayOnce()
                                            .onErrorResume(e -> {
                                                warnAtMostEveryMinute(e);
                                                return Mono.just(0);
                                            })
                                            .doOnNext(pace::ran)
                                    : Mono.just(0),
                            1)
                    .doFinally(signal -> relay.dispose())
                    .subscribe();
        }
    }

    private void warnAtMostEveryMinute(Throwable e) {
        long now = System.nanoTime();
        if (now - lastWarning > 60_000_000_000L) {
            lastWarning = now;
            log.warn("outbox relay round failed; retrying every round, warning once a minute: {}", e.toString());
        }
    }

    /**
     * One round: while it holds the lease, publish the gaps that filled, then batches until the
     * outbox is empty. Returns how many rows were published.
     */
    public Mono<Integer> relayOnce() {
        return lease.hold()
                .flatMap(held -> held
                        ? outbox.forgetMarkedRows()
                                .then(publishGaps())
                                .flatMap(fromGaps -> lookBehind().map(n -> n + fromGaps))
                                .flatMap(before -> drain(this::publishBatch).map(n -> n + before))
                        : Mono.fromRunnable(cursor::restart).thenReturn(0));
    }

    /** Publishes batches while they come back full and the lease is held. */
    private Mono<Integer> drain(Supplier<Mono<Integer>> batch) {
        return batch.get()
                .expand(full -> full == settings.batchSize()
                        ? lease.hold().flatMap(held -> held ? batch.get() : Mono.empty())
                        : Mono.empty())
                .reduce(0, Integer::sum);
    }

    /**
     * Every rescan interval: the expired gaps, by id, or after a start all unpublished rows behind
     * the position, from the first id.
     */
    private Mono<Integer> lookBehind() {
        return Mono.defer(() -> {
            if (!cursor.rescanDue() || cursor.after() == 0) {
                return Mono.just(0);
            }
            Mono<Integer> found = cursor.rescanFromTheFirstId()
                    ? drain(() -> publish(outbox.upTo(cursor.after(), settings.batchSize())))
                    : Flux.fromIterable(cursor.expiredGaps())
                            .buffer(settings.batchSize())
                            .concatMap(ids -> publish(outbox.withIds(ids)))
                            .reduce(0, Integer::sum);
            return found.doOnNext(n -> cursor.rescanned());
        });
    }

    private Mono<Integer> publishGaps() {
        return Mono.defer(() -> {
            List<Long> gaps = cursor.gaps(settings.batchSize());
            return gaps.isEmpty() ? Mono.just(0) : publish(outbox.withIds(gaps));
        });
    }

    private Mono<Integer> publishBatch() {
        return Mono.defer(() -> publish(outbox.after(cursor.after(), settings.batchSize())));
    }

    /**
     * Publishes what the read found, marks it once the broker has all of it (rows it refused for good
     * moved to the quarantine, visible with the reason, so the relay goes on with the rest), and moves
     * the cursor.
     */
    private Mono<Integer> publish(Mono<List<OutboxTable.Row>> read) {
        return read.flatMap(rows -> rows.isEmpty()
                ? Mono.just(0)
                : broker.send(rows)
                        .flatMap(refused -> outbox.quarantine(refused)
                                .then(outbox.published(rows.stream()
                                        .filter(row -> !refused.containsKey(row))
                                        .toList())))
                        .then(Mono.fromRunnable(() -> cursor.published(
                                rows.stream().map(OutboxTable.Row::id).toList())))
                        .thenReturn(rows.size()));
    }

    /** Deletes published rows older than the retention; they have served their purpose. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    public void prune() {
        outbox.prune()
                .subscribe(
                        deleted -> log.debug("pruned {} published outbox rows", deleted),
                        e -> log.warn("pruning the outbox failed: {}", e.toString()));
    }

    @Override
    public void stop() {
        if (running.compareAndSet(true, false) && loop != null) {
            loop.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    /** Stops after the listeners, starts before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200;
    }
}
