package dev.touchflow.sequencer.cap;

import java.time.LocalDate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Touches fired per contact per local day, across campaigns. A touch is reserved atomically
 * ({@code INSERT … ON CONFLICT DO UPDATE … WHERE touches < cap}), so concurrent sequencer
 * instances never exceed the cap between them.
 */
@Repository
public class TouchLedger {

    private final DatabaseClient db;

    TouchLedger(DatabaseClient db) {
        this.db = db;
    }

    /** Takes one touch of the contact's day if the cap allows; false when the day is full. */
    public Mono<Boolean> reserve(String clientId, String contactId, LocalDate day, int cap) {
        if (cap <= 0) {
            return Mono.just(false);
        }
        return db.sql("""
                        INSERT INTO touch_ledger (client_id, contact_id, local_date, touches) VALUES (:client, :contact, :day, 1)
                        ON CONFLICT (client_id, contact_id, local_date)
                        DO UPDATE SET touches = touch_ledger.touches + 1 WHERE touch_ledger.touches < :cap""")
                .bind("client", clientId).bind("contact", contactId).bind("day", day).bind("cap", cap)
                .fetch().rowsUpdated().map(updated -> updated == 1);
    }
}
