package dev.touchflow.platform.outbox;

import dev.touchflow.platform.kafka.EventCodec;
import dev.touchflow.platform.tracing.Traces;
import dev.touchflow.platform.transaction.AfterCommit;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.context.ContextView;

/**
 * Appends events to the service's outbox table inside the caller's transaction, so that a state
 * change and the events it causes commit together or not at all. Refuses to run outside one.
 * Tells the relay of every commit that carried events, so it publishes them without waiting to poll.
 */
@Component
public class OutboxWriter {

    private static final int ROWS_PER_INSERT = 500;

    private final DatabaseClient db;
    private final EventCodec codec;
    private final Traces traces;
    private final Sinks.Many<Boolean> commits = Sinks.many().multicast().directBestEffort();

    public OutboxWriter(DatabaseClient db, EventCodec codec, Traces traces) {
        this.db = db;
        this.codec = codec;
        this.traces = traces;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public Mono<Void> append(OutboundEvent event) {
        return Mono.deferContextual(context -> db.sql("""
                                INSERT INTO outbox (event_id, topic, record_key, event_type, payload, occurred_at,
                                    traceparent)
                                VALUES (:eventId, :topic, :key, :type, :payload, :occurredAt, :traceparent)""")
                        .bind("eventId", event.header().getEventId())
                        .bind("topic", event.topic())
                        .bind("key", event.key())
                        .bind("type", event.type())
                        .bind("payload", codec.encode(event.topic(), event.record()))
                        .bind("occurredAt", event.header().getOccurredAt())
                        .bind("traceparent", Parameter.fromOrEmpty(traceparent(event, context), String.class))
                        .then())
                .then(announceOnCommit());
    }

    /** A signal after each commit of a transaction that appended events; a missed one waits for the poll. */
    public Flux<Boolean> commits() {
        return commits.asFlux();
    }

    private Mono<Void> announceOnCommit() {
        return AfterCommit.run(() -> commits.tryEmitNext(true));
    }

    /**
     * Appends many events with one insert per {@value #ROWS_PER_INSERT} events. The rows travel as
     * one array per column, so the statement's text is the same whatever the batch's size: it is
     * prepared once and parsed by nobody again. The payloads travel as one {@code bytea} (the driver
     * encodes no {@code bytea[]} faithfully), cut apart in SQL by each payload's offset and length.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Mono<Void> appendAll(List<OutboundEvent> events) {
        return Mono.deferContextual(context -> Flux.fromIterable(events)
                        .buffer(ROWS_PER_INSERT)
                        .concatMap(rows -> insert(rows, context))
                        .then())
                .then(announceOnCommit());
    }

    private String traceparent(OutboundEvent event, ContextView context) {
        return event.traceparent() != null
                ? event.traceparent()
                : traces.current(context).orElse(null);
    }

    private Mono<Void> insert(List<OutboundEvent> rows, ContextView context) {
        int size = rows.size();
        String[] eventIds = new String[size];
        String[] topics = new String[size];
        String[] keys = new String[size];
        String[] types = new String[size];
        Integer[] offsets = new Integer[size];
        Integer[] lengths = new Integer[size];
        Instant[] occurredAt = new Instant[size];
        String[] traceparents = new String[size];
        ByteArrayOutputStream payloads = new ByteArrayOutputStream(size * 512);
        for (int i = 0; i < size; i++) {
            OutboundEvent event = rows.get(i);
            byte[] payload = codec.encode(event.topic(), event.record());
            eventIds[i] = event.header().getEventId();
            topics[i] = event.topic();
            keys[i] = event.key();
            types[i] = event.type();
            offsets[i] = payloads.size() + 1;
            lengths[i] = payload.length;
            occurredAt[i] = event.header().getOccurredAt();
            traceparents[i] = traceparent(event, context);
            payloads.writeBytes(payload);
        }
        return db.sql("""
                        INSERT INTO outbox (event_id, topic, record_key, event_type, payload, occurred_at,
                            traceparent)
                        SELECT e, t, k, y, substring(CAST(:payloads AS bytea) FROM p FOR l), o, tp
                        FROM unnest(CAST(:eventIds AS text[]), CAST(:topics AS text[]), CAST(:keys AS text[]),
                            CAST(:types AS text[]), CAST(:offsets AS int[]), CAST(:lengths AS int[]),
                            CAST(:occurredAt AS timestamptz[]), CAST(:traceparents AS text[]))
                            AS v (e, t, k, y, p, l, o, tp)""")
                .bind("eventIds", eventIds)
                .bind("topics", topics)
                .bind("keys", keys)
                .bind("types", types)
                .bind("payloads", payloads.toByteArray())
                .bind("offsets", offsets)
                .bind("lengths", lengths)
                .bind("occurredAt", occurredAt)
                .bind("traceparents", traceparents)
                .then();
    }
}
