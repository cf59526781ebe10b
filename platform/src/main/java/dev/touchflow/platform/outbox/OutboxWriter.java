package dev.touchflow.platform.outbox;

import dev.touchflow.platform.kafka.EventCodec;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Appends events to the service's outbox table inside the caller's transaction, so that a state
 * change and the events it causes commit together or not at all. Refuses to run outside one.
 */
@Component
public class OutboxWriter {

    private static final int ROWS_PER_INSERT = 500;

    private final DatabaseClient db;
    private final EventCodec codec;

    public OutboxWriter(DatabaseClient db, EventCodec codec) {
        this.db = db;
        this.codec = codec;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public Mono<Void> append(OutboundEvent event) {
        return db.sql("""
                        INSERT INTO outbox (event_id, topic, record_key, event_type, payload, occurred_at)
                        VALUES (:eventId, :topic, :key, :type, :payload, :occurredAt)""")
                .bind("eventId", event.header().getEventId())
                .bind("topic", event.topic())
                .bind("key", event.key())
                .bind("type", event.type())
                .bind("payload", codec.encode(event.topic(), event.record()))
                .bind("occurredAt", event.header().getOccurredAt())
                .then();
    }

    /**
     * Appends many events with one insert per {@value #ROWS_PER_INSERT} events. The rows travel as
     * one array per column, so the statement's text is the same whatever the batch's size: it is
     * prepared once and parsed by nobody again. Payloads go as hex text, as the driver does not
     * encode {@code bytea[]} parameters faithfully.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Mono<Void> appendAll(List<OutboundEvent> events) {
        return Flux.fromIterable(events).buffer(ROWS_PER_INSERT).concatMap(this::insert).then();
    }

    private Mono<Void> insert(List<OutboundEvent> rows) {
        int size = rows.size();
        String[] eventIds = new String[size];
        String[] topics = new String[size];
        String[] keys = new String[size];
        String[] types = new String[size];
        String[] payloads = new String[size];
        Instant[] occurredAt = new Instant[size];
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < size; i++) {
            OutboundEvent event = rows.get(i);
            eventIds[i] = event.header().getEventId();
            topics[i] = event.topic();
            keys[i] = event.key();
            types[i] = event.type();
            payloads[i] = hex.formatHex(codec.encode(event.topic(), event.record()));
            occurredAt[i] = event.header().getOccurredAt();
        }
        return db.sql("""
                        INSERT INTO outbox (event_id, topic, record_key, event_type, payload, occurred_at)
                        SELECT e, t, k, y, decode(p, 'hex'), o
                        FROM unnest(CAST(:eventIds AS text[]), CAST(:topics AS text[]), CAST(:keys AS text[]),
                            CAST(:types AS text[]), CAST(:payloads AS text[]), CAST(:occurredAt AS timestamptz[]))
                            AS v (e, t, k, y, p, o)""")
                .bind("eventIds", eventIds).bind("topics", topics).bind("keys", keys).bind("types", types)
                .bind("payloads", payloads).bind("occurredAt", occurredAt)
                .then();
    }
}
