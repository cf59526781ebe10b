package dev.touchflow.platform.inbox;

import java.time.Clock;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Mono;

/**
 * The ids of events a consumer has processed. Claiming inserts with {@code ON CONFLICT DO NOTHING}
 * and checks that a row was inserted: a caught duplicate-key error would abort the whole
 * transaction in PostgreSQL, and a check-then-insert would race.
 */
@Component
public class Inbox {

    private final DatabaseClient db;
    private final Clock clock;

    public Inbox(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** True when this is the first time {@code consumer} sees {@code eventId}. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Mono<Boolean> claim(String consumer, String eventId) {
        return db.sql("""
                        INSERT INTO inbox (consumer, event_id, processed_at) VALUES (:consumer, :eventId, :at)
                        ON CONFLICT DO NOTHING""")
                .bind("consumer", consumer)
                .bind("eventId", eventId)
                .bind("at", clock.instant())
                .fetch().rowsUpdated()
                .map(inserted -> inserted == 1);
    }
}
