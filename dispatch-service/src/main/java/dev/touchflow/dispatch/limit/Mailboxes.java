package dev.touchflow.dispatch.limit;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Which mailbox a contact is written from, and how much each mailbox has sent: a contact keeps the
 * mailbox of their first touch; a new contact gets the pool's mailbox that has sent least today.
 */
@Repository
public class Mailboxes {

    private final DatabaseClient db;

    Mailboxes(DatabaseClient db) {
        this.db = db;
    }

    /** The contact's mailbox: the one assigned before, else the least used of the pool today, assigned now. */
    public Mono<String> of(String clientId, String contactId, List<String> pool, LocalDate day, Instant at) {
        return db.sql("SELECT mailbox FROM contact_mailboxes WHERE client_id = :clientId AND contact_id = :contactId")
                .bind("clientId", clientId)
                .bind("contactId", contactId)
                .map(row -> row.get("mailbox", String.class))
                .first()
                .switchIfEmpty(Mono.defer(() -> leastUsed(pool, day)
                        .flatMap(mailbox -> db.sql("""
                                        INSERT INTO contact_mailboxes (client_id, contact_id, mailbox, assigned_at)
                                        VALUES (:clientId, :contactId, :mailbox, :at) ON CONFLICT DO NOTHING""")
                                .bind("clientId", clientId)
                                .bind("contactId", contactId)
                                .bind("mailbox", mailbox)
                                .bind("at", at)
                                .then()
                                .thenReturn(mailbox))));
    }

    private Mono<String> leastUsed(List<String> pool, LocalDate day) {
        if (pool.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("""
                        SELECT p.mailbox FROM unnest(:pool::text[]) WITH ORDINALITY AS p (mailbox, position)
                        LEFT JOIN mailbox_days d ON d.mailbox = p.mailbox AND d.day = :day
                        ORDER BY coalesce(d.sent, 0), p.position LIMIT 1""")
                .bind("pool", pool.toArray(String[]::new))
                .bind("day", day)
                .map(row -> row.get("mailbox", String.class))
                .first();
    }

    /**
     * Locks the mailbox for this transaction, then says when it may send next and how much it sent on
     * {@code day}; a mailbox seen for the first time gets its row first. The count is read by a
     * statement of its own after the lock is held: read in the locking statement, it would come from
     * that statement's snapshot, taken before waiting for the lock, and miss the send that held it.
     */
    public Mono<Usage> lock(String mailbox, LocalDate day) {
        return lockExisting(mailbox)
                .switchIfEmpty(Mono.defer(
                        () -> db.sql("""
                                INSERT INTO mailboxes (mailbox, next_free_at) VALUES (:mailbox, '1970-01-01T00:00:00Z')
                                ON CONFLICT DO NOTHING""").bind("mailbox", mailbox).then().then(lockExisting(mailbox))))
                .flatMap(nextFreeAt -> sentOn(mailbox, day).map(sent -> new Usage(nextFreeAt, sent)));
    }

    private Mono<Instant> lockExisting(String mailbox) {
        return db.sql("SELECT next_free_at FROM mailboxes WHERE mailbox = :mailbox FOR UPDATE")
                .bind("mailbox", mailbox)
                .map(row -> row.get("next_free_at", Instant.class))
                .first();
    }

    /** When a locked mailbox may send next, and how many it sent on the day asked. */
    public record Usage(Instant nextFreeAt, int sentToday) {}

    public Mono<Integer> sentOn(String mailbox, LocalDate day) {
        return db.sql("SELECT sent FROM mailbox_days WHERE mailbox = :mailbox AND day = :day")
                .bind("mailbox", mailbox)
                .bind("day", day)
                .map(row -> row.get("sent", Integer.class))
                .first()
                .defaultIfEmpty(0);
    }

    /** Counts a send against the mailbox's day and keeps it quiet until {@code nextFreeAt}. */
    public Mono<Void> reserve(String mailbox, LocalDate day, Instant nextFreeAt) {
        return db.sql("""
                        WITH counted AS (
                            INSERT INTO mailbox_days (mailbox, day, sent) VALUES (:mailbox, :day, 1)
                            ON CONFLICT (mailbox, day) DO UPDATE SET sent = mailbox_days.sent + 1)
                        UPDATE mailboxes SET next_free_at = :next WHERE mailbox = :mailbox""")
                .bind("mailbox", mailbox)
                .bind("day", day)
                .bind("next", nextFreeAt)
                .then();
    }
}
