package dev.touchflow.platform.outbox;

import dev.touchflow.platform.kafka.EventCodec;
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

    /** Appends many events with one multi-row insert per {@value #ROWS_PER_INSERT} events. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Mono<Void> appendAll(List<OutboundEvent> events) {
        return Flux.fromIterable(events).buffer(ROWS_PER_INSERT).concatMap(this::insert).then();
    }

    private Mono<Void> insert(List<OutboundEvent> rows) {
        StringBuilder sql = new StringBuilder(
                "INSERT INTO outbox (event_id, topic, record_key, event_type, payload, occurred_at) VALUES ");
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:e").append(i).append(", :t").append(i).append(", :k").append(i)
                    .append(", :y").append(i).append(", :p").append(i).append(", :o").append(i).append(')');
        }
        java.util.Map<String, Object> values = new java.util.HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            OutboundEvent event = rows.get(i);
            values.put("e" + i, event.header().getEventId());
            values.put("t" + i, event.topic());
            values.put("k" + i, event.key());
            values.put("y" + i, event.type());
            values.put("p" + i, codec.encode(event.topic(), event.record()));
            values.put("o" + i, event.header().getOccurredAt());
        }
        return db.sql(sql.toString()).bindValues(values).then();
    }
}
