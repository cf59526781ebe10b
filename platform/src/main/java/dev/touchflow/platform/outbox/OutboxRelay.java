package dev.touchflow.platform.outbox;

import dev.touchflow.platform.kafka.EventHeaders;
import dev.touchflow.platform.properties.PlatformProperties;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
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
 * Publishes the outbox in id order with the idempotent producer ({@code acks=all}) and marks rows
 * published (or deletes them, with a zero retention) only after the broker acknowledged all of a
 * batch. One instance per service holds the relay through a lease row at a time, so per-key order
 * holds when a service is scaled out. It publishes as soon as the writer reports a commit of this
 * instance, and polls as the safety net (for rows other instances wrote, or a crash left behind).
 * A round drains the outbox, each batch after the last id published before ({@link RelayCursor}),
 * and now and then looks behind that position for rows committed too late to be seen.
 * A crash between acknowledgement and marking publishes a batch again; consumers deduplicate on
 * the event id, which travels in the {@code ce_id} header.
 */
@Component
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** The columns {@link #toRow} reads, from the outbox, before a query's WHERE. */
    /** Retriable refusals of one row, while its batches were otherwise published, before it is quarantined. */
    private static final int QUARANTINE_AFTER = 5;

    private static final String ROWS =
            "SELECT id, event_id, topic, record_key, event_type, payload, occurred_at FROM outbox ";

    private final DatabaseClient db;
    private final KafkaTemplate<String, byte[]> kafka;
    private final OutboxWriter writer;
    private final PlatformProperties.Outbox settings;
    private final String source;
    private final String owner = UUID.randomUUID().toString();
    private final AtomicBoolean running = new AtomicBoolean();
    private final RelayCursor cursor;
    /** The relay's three reads of unpublished rows, made once for its retention ({@link #unpublishedRows}). */
    private final String nextBatch;

    private final String behindPosition;
    private final String byIds;
    /** The write that marks, or deletes, a batch once the broker has it ({@link #markPublished(Duration)}). */
    private final String markPublished;
    /** Whether rows marked published under an earlier, non-zero retention may still be in the outbox. */
    private volatile boolean markedRowsMayRemain;

    private Disposable loop;
    /** Rounds in a row each row failed while others of its batch were acknowledged. */
    private final Map<Long, Integer> failedRounds = new ConcurrentHashMap<>();

    private volatile long lastWarning = System.nanoTime() - 120_000_000_000L;
    /** Until when (System.nanoTime) the last renewal surely holds the lease: half of it, counted from before it was sent. */
    private volatile long leaseSureUntil = System.nanoTime();

    public OutboxRelay(
            DatabaseClient db,
            KafkaTemplate<String, byte[]> kafka,
            OutboxWriter writer,
            PlatformProperties properties,
            @Value("${spring.application.name}") String service) {
        this.db = db;
        this.kafka = kafka;
        this.writer = writer;
        this.settings = properties.outbox();
        this.source = "/touchflow/" + service;
        this.cursor = new RelayCursor(settings.rescanInterval(), settings.rescanInterval(), System::nanoTime);
        this.nextBatch = nextBatch(settings.retention());
        this.behindPosition = unpublishedRows(settings.retention(), "id <= :upTo ORDER BY id LIMIT :limit");
        this.byIds = unpublishedRows(settings.retention(), "id = ANY(:ids) ORDER BY id");
        this.markPublished = markPublished(settings.retention());
        this.markedRowsMayRemain = settings.retention().isZero();
        Object deliveryTimeout = kafka.getProducerFactory()
                .getConfigurationProperties()
                .getOrDefault(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        if (Duration.ofMillis(Long.parseLong(deliveryTimeout.toString()))
                        .compareTo(settings.lease().dividedBy(2))
                >= 0) {
            throw new IllegalStateException("the outbox lease (" + settings.lease()
                    + ") must be more than twice the producer's "
                    + "delivery.timeout.ms (" + deliveryTimeout + " ms), or a publish could still be in flight when "
                    + "another instance takes the relay");
        }
    }

    /**
     * With a zero retention the relay deletes what it publishes, so every row in the outbox is
     * unpublished and its statements need not ask. Such a service may then do without the platform's
     * index of unpublished rows, one index write less for every event; without the index, and with
     * statistics taken while the outbox was empty, the planner would take the question for a filter
     * that keeps almost nothing, and sort the whole outbox for every batch.
     */
    private static String unpublishedRows(Duration retention, String condition) {
        return ROWS + "WHERE " + (retention.isZero() ? "" : "published_at IS NULL AND ") + condition;
    }

    /** The statement for the next batch after the position, for tests of how a service's schema plans it. */
    public static String nextBatch(Duration retention) {
        return unpublishedRows(retention, "id > :after ORDER BY id LIMIT :limit");
    }

    /**
     * The statement that marks a published batch, or deletes it when the retention is zero: a service
     * whose outbox carries bulk traffic keeps no history, and a delete writes no new row version.
     * Public for tests of how a service's schema plans it.
     */
    public static String markPublished(Duration retention) {
        return retention.isZero()
                ? "DELETE FROM outbox WHERE id = ANY(:ids)"
                : "UPDATE outbox SET published_at = now() WHERE id = ANY(:ids)";
    }

    @Override
    public void start() {
        if (running.compareAndSet(false, true)) {
            Scheduler relay = Schedulers.newSingle("outbox-relay");
            loop = Flux.merge(Flux.interval(settings.pollInterval(), relay), writer.commits())
                    .onBackpressureLatest()
                    .publishOn(relay, 1)
                    .concatMap(
                            tick -> relayOnce().onErrorResume(e -> {
                                warnAtMostEveryMinute(e);
                                return Mono.just(0);
                            }),
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
        return holdLease()
                .flatMap(held -> held
                        ? forgetMarkedRows()
                                .then(publishGaps())
                                .flatMap(fromGaps -> lookBehind().map(n -> n + fromGaps))
                                .flatMap(before -> drain(this::publishBatch).map(n -> n + before))
                        : Mono.fromRunnable(cursor::restart).thenReturn(0));
    }

    /**
     * Once, before the first round with a zero retention: deletes rows an earlier retention kept as
     * published, which the statements would otherwise take for unpublished and send again.
     */
    private Mono<Void> forgetMarkedRows() {
        if (!markedRowsMayRemain) {
            return Mono.empty();
        }
        return db.sql("DELETE FROM outbox WHERE published_at IS NOT NULL")
                .fetch()
                .rowsUpdated()
                .doOnNext(deleted -> {
                    markedRowsMayRemain = false;
                    if (deleted > 0) {
                        log.info("deleted {} outbox rows published under an earlier retention", deleted);
                    }
                })
                .then();
    }

    /** Publishes batches while they come back full and the lease is held. */
    private Mono<Integer> drain(Supplier<Mono<Integer>> batch) {
        return batch.get()
                .expand(full -> full == settings.batchSize()
                        ? holdLease().flatMap(held -> held ? batch.get() : Mono.empty())
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
                    ? drain(() -> publish(
                            db.sql(behindPosition).bind("upTo", cursor.after()).bind("limit", settings.batchSize())))
                    : Flux.fromIterable(cursor.expiredGaps())
                            .buffer(settings.batchSize())
                            .concatMap(ids -> publishIds(ids))
                            .reduce(0, Integer::sum);
            return found.doOnNext(n -> cursor.rescanned());
        });
    }

    private Mono<Integer> publishIds(List<Long> ids) {
        return publish(db.sql(byIds).bind("ids", ids.toArray(Long[]::new)));
    }

    private Mono<Integer> publishGaps() {
        return Mono.defer(() -> {
            List<Long> gaps = cursor.gaps(settings.batchSize());
            return gaps.isEmpty() ? Mono.just(0) : publishIds(gaps);
        });
    }

    private Mono<Integer> publishBatch() {
        return Mono.defer(
                () -> publish(db.sql(nextBatch).bind("after", cursor.after()).bind("limit", settings.batchSize())));
    }

    /**
     * Publishes what the query finds, marks it once the broker has all of it (rows it refused for good
     * moved to the quarantine), and moves the cursor.
     */
    private Mono<Integer> publish(DatabaseClient.GenericExecuteSpec query) {
        return query.map(OutboxRelay::toRow)
                .all()
                .collectList()
                .flatMap(rows -> rows.isEmpty()
                        ? Mono.just(0)
                        : send(rows)
                                .flatMap(refused -> quarantine(refused)
                                        .then(markSent(rows.stream()
                                                .filter(row -> !refused.containsKey(row))
                                                .toList())))
                                .then(Mono.fromRunnable(() -> cursor.published(
                                        rows.stream().map(Row::id).toList())))
                                .thenReturn(rows.size()));
    }

    /**
     * Moves the rows the broker refused for good out of the outbox, with the reason, so the relay goes on
     * with the rest instead of failing on them every round.
     */
    private Mono<Void> quarantine(Map<Row, String> refused) {
        return Flux.fromIterable(refused.entrySet())
                .concatMap(entry -> {
                    Row row = entry.getKey();
                    log.error(
                            "outbox row {} (event {}, {} to {}) quarantined: {}",
                            row.id(),
                            row.eventId(),
                            row.type(),
                            row.topic(),
                            entry.getValue());
                    failedRounds.remove(row.id());
                    return db.sql("""
                            WITH moved AS (DELETE FROM outbox WHERE id = :id RETURNING *)
                            INSERT INTO outbox_quarantine (id, event_id, topic, record_key, event_type, payload, occurred_at,
                                reason)
                            SELECT id, event_id, topic, record_key, event_type, payload, occurred_at, :reason FROM moved""")
                            .bind("id", row.id())
                            .bind("reason", entry.getValue())
                            .then();
                })
                .then();
    }

    /**
     * Takes or renews the lease. Within the first half of a lease this instance renewed, it is
     * surely still held (no one else may take it before it expires), so no statement is sent.
     */
    private Mono<Boolean> holdLease() {
        return Mono.defer(() -> {
            long sent = System.nanoTime();
            if (sent - leaseSureUntil < 0) {
                return Mono.just(true);
            }
            return db.sql("""
                            INSERT INTO outbox_lease (name, owner, expires_at) VALUES ('relay', :owner, now() + make_interval(secs => :leaseSeconds))
                            ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
                            WHERE outbox_lease.owner = excluded.owner OR outbox_lease.expires_at < now()""")
                    .bind("owner", owner)
                    .bind("leaseSeconds", settings.lease().toMillis() / 1000.0)
                    .fetch()
                    .rowsUpdated()
                    .map(updated -> updated == 1)
                    .doOnNext(held ->
                            leaseSureUntil = held ? sent + settings.lease().toNanos() / 2 : sent);
        });
    }

    /**
     * Sends the rows and waits for every acknowledgement. Returns the rows the broker refused for good,
     * with the reason: a non-retriable refusal (a record too large, an invalid topic), or a retriable
     * one that came {@code QUARANTINE_AFTER} rounds in a row while the rest of the row's batches were
     * acknowledged (a topic that is not there), so it is the row's, not the broker's. Any other failure
     * fails the round, which publishes the batch again (consumers deduplicate on the event id).
     */
    private Mono<Map<Row, String>> send(List<Row> rows) {
        return Mono.fromCallable(() ->
                        rows.stream().map(row -> Map.entry(row, handOver(row))).toList())
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(sends -> Flux.fromIterable(sends)
                        .concatMap(sent -> Mono.fromFuture(sent.getValue())
                                .then(Mono.<Throwable>empty())
                                .onErrorResume(e -> Mono.just(brokerCause(e)))
                                .map(e -> Map.entry(sent.getKey(), e)))
                        .collectList())
                .flatMap(failures -> {
                    Map<Row, String> refused = new LinkedHashMap<>();
                    Throwable transientFailure = null;
                    boolean othersAcknowledged = failures.size() < rows.size();
                    for (Map.Entry<Row, Throwable> failure : failures) {
                        Throwable cause = failure.getValue();
                        int rounds = othersAcknowledged
                                ? failedRounds.merge(failure.getKey().id(), 1, Integer::sum)
                                : 0;
                        if (!(cause instanceof RetriableException)) {
                            refused.put(failure.getKey(), cause.toString());
                        } else if (rounds >= QUARANTINE_AFTER) {
                            refused.put(
                                    failure.getKey(),
                                    "failed " + rounds + " rounds in a row while the rest of its "
                                            + "batches were published; last: " + cause);
                        } else {
                            transientFailure = cause;
                        }
                    }
                    if (!failedRounds.isEmpty()) {
                        rows.stream()
                                .filter(row -> failures.stream()
                                        .noneMatch(f -> f.getKey().equals(row)))
                                .forEach(row -> failedRounds.remove(row.id()));
                    }
                    return transientFailure == null ? Mono.just(refused) : Mono.error(transientFailure);
                });
    }

    /**
     * Hands the row to the producer, which batches it with the others; the acknowledgements are awaited
     * after every row of the batch has been handed over. Never called on the producer's own I/O thread
     * (where the acknowledgement of an earlier row completes): a record for a topic whose metadata the
     * producer has not fetched yet would wait there for the metadata that only that thread can fetch,
     * and fail after {@code max.block.ms}, every round.
     */
    private CompletableFuture<?> handOver(Row row) {
        try {
            return kafka.send(record(row));
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    /** The Kafka client's own exception inside Spring's wrappers, which says whether it may pass. */
    private static Throwable brokerCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof KafkaException) {
                return cause;
            }
        }
        return failure;
    }

    private ProducerRecord<String, byte[]> record(Row row) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.topic(), row.key(), row.payload());
        EventHeaders.write(record.headers(), EventHeaders.ID, row.eventId());
        EventHeaders.write(record.headers(), EventHeaders.TYPE, "dev.touchflow." + row.type());
        EventHeaders.write(record.headers(), EventHeaders.SOURCE, source);
        EventHeaders.write(record.headers(), EventHeaders.TIME, row.occurredAt().toString());
        EventHeaders.write(record.headers(), EventHeaders.SPEC_VERSION, "1.0");
        return record;
    }

    /** Marks the batch published (see {@link #markPublished(Duration)}). */
    private Mono<Integer> markSent(List<Row> rows) {
        Long[] ids = rows.stream().map(Row::id).toArray(Long[]::new);
        return db.sql(markPublished).bind("ids", ids).fetch().rowsUpdated().map(Long::intValue);
    }

    /** Deletes published rows older than the retention; they have served their purpose. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    public void prune() {
        if (settings.retention().isZero()) {
            return; // published rows are deleted as they are published; nothing to walk the table for
        }
        db.sql("DELETE FROM outbox WHERE published_at < now() - make_interval(secs => :retentionSeconds)")
                .bind("retentionSeconds", (double) settings.retention().toSeconds())
                .fetch()
                .rowsUpdated()
                .subscribe(
                        deleted -> log.debug("pruned {} published outbox rows", deleted),
                        e -> log.warn("pruning the outbox failed: {}", e.toString()));
    }

    private static Row toRow(Readable r) {
        return new Row(
                r.get("id", Long.class),
                r.get("event_id", String.class),
                r.get("topic", String.class),
                r.get("record_key", String.class),
                r.get("event_type", String.class),
                r.get("payload", byte[].class),
                r.get("occurred_at", Instant.class));
    }

    private record Row(
            Long id, String eventId, String topic, String key, String type, byte[] payload, Instant occurredAt) {}

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
