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

    @Transactional(propagation = Propagation.MANDATORY)
    public Mono<Void> appendAll(List<OutboundEvent> events) {
        return Flux.fromIterable(events).concatMap(this::append).then();
    }
}
