package dev.touchflow.platform.outbox;

import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The outbox table as the relay reads and writes it, in either of its two supported shapes: rows
 * kept as published for a retention ({@code touchflow.outbox.retention} above zero, the default),
 * or deleted as they are published (a zero retention, for a service whose outbox carries bulk
 * traffic and keeps no history). With a zero retention every row in the table is unpublished, so
 * the reads need not ask, and such a service may drop the index of unpublished rows; without that
 * index, and with statistics taken while the outbox was empty, the planner would take the question
 * for a filter that keeps almost nothing, and sort the whole outbox for every batch.
 */
public final class OutboxTable {

    private static final Logger log = LoggerFactory.getLogger(OutboxTable.class);

    private static final String ROWS =
            "SELECT id, event_id, topic, record_key, event_type, payload, occurred_at, traceparent FROM outbox ";

    /** One event waiting in the outbox. */
    record Row(
            Long id,
            String eventId,
            String topic,
            String key,
            String type,
            byte[] payload,
            Instant occurredAt,
            String traceparent) {}

    private final DatabaseClient db;
    private final Duration retention;
    private final String nextBatch;
    private final String behindPosition;
    private final String byIds;
    private final String markPublished;
    /** Whether rows marked published under an earlier, non-zero retention may still be in the outbox. */
    private volatile boolean markedRowsMayRemain;

    OutboxTable(DatabaseClient db, Duration retention) {
        this.db = db;
        this.retention = retention;
        this.nextBatch = nextBatch(retention);
        this.behindPosition = unpublishedRows(retention, "id <= :upTo ORDER BY id LIMIT :limit");
        this.byIds = unpublishedRows(retention, "id = ANY(:ids) ORDER BY id");
        this.markPublished = markPublished(retention);
        this.markedRowsMayRemain = retention.isZero();
    }

    private static String unpublishedRows(Duration retention, String condition) {
        return ROWS + "WHERE " + (retention.isZero() ? "" : "published_at IS NULL AND ") + condition;
    }

    /** The statement for the next batch after the position, for tests of how a service's schema plans it. */
    public static String nextBatch(Duration retention) {
        return unpublishedRows(retention, "id > :after ORDER BY id LIMIT :limit");
    }

    /**
     * The statement that marks a published batch, or deletes it when the retention is zero (a delete
     * writes no new row version). Public for tests of how a service's schema plans it.
     */
    public static String markPublished(Duration retention) {
        return retention.isZero()
                ? "DELETE FROM outbox WHERE id = ANY(:ids)"
                : "UPDATE outbox SET published_at = now() WHERE id = ANY(:ids)";
    }

    /** Unpublished rows after this id, in id order. */
    Mono<List<Row>> after(long id, int limit) {
        return rows(db.sql(nextBatch).bind("after", id).bind("limit", limit));
    }

    /** Unpublished rows up to this id, in id order: rows committed too late to be seen in their turn. */
    Mono<List<Row>> upTo(long id, int limit) {
        return rows(db.sql(behindPosition).bind("upTo", id).bind("limit", limit));
    }

    /** Those of these rows still unpublished, in id order. */
    Mono<List<Row>> withIds(List<Long> ids) {
        return rows(db.sql(byIds).bind("ids", ids.toArray(Long[]::new)));
    }

    private static Mono<List<Row>> rows(DatabaseClient.GenericExecuteSpec query) {
        return query.map(OutboxTable::toRow).all().collectList();
    }

    /** Marks (or, with a zero retention, deletes) rows the broker acknowledged. */
    Mono<Integer> published(List<Row> rows) {
        Long[] ids = rows.stream().map(Row::id).toArray(Long[]::new);
        return db.sql(markPublished).bind("ids", ids).fetch().rowsUpdated().map(Long::intValue);
    }

    /**
     * Once, before the first round with a zero retention: deletes rows an earlier retention kept as
     * published, which the reads would otherwise take for unpublished and send again.
     */
    Mono<Void> forgetMarkedRows() {
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

    /**
     * Moves the rows the broker refused for good out of the outbox, into the quarantine, each with its
     * reason, and logs each at ERROR.
     */
    Mono<Void> quarantine(Map<Row, String> refused) {
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
                    return quarantine(row, entry.getValue());
                })
                .then();
    }

    private Mono<Void> quarantine(Row row, String reason) {
        return db.sql("""
                        WITH moved AS (DELETE FROM outbox WHERE id = :id RETURNING *)
                        INSERT INTO outbox_quarantine (id, event_id, topic, record_key, event_type, payload, occurred_at,
                            reason)
                        SELECT id, event_id, topic, record_key, event_type, payload, occurred_at, :reason FROM moved""").bind("id", row.id()).bind("reason", reason).then();
    }

    /** Deletes published rows older than the retention; with a zero retention there are none. */
    Mono<Long> prune() {
        if (retention.isZero()) {
            return Mono.just(0L);
        }
        return db.sql("DELETE FROM outbox WHERE published_at < now() - make_interval(secs => :retentionSeconds)")
                .bind("retentionSeconds", (double) retention.toSeconds())
                .fetch()
                .rowsUpdated();
    }

    private static Row toRow(Readable r) {
        return new Row(
                r.get("id", Long.class),
                r.get("event_id", String.class),
                r.get("topic", String.class),
                r.get("record_key", String.class),
                r.get("event_type", String.class),
                r.get("payload", byte[].class),
                r.get("occurred_at", Instant.class),
                r.get("traceparent", String.class));
    }
}
