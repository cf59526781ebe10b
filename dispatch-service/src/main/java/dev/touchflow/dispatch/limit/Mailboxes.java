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

    /**
     * The contact's mailbox: {@code assigned} if an earlier touch was given one, else the least used
     * of the pool today, assigned now in the statement that chooses it (or, when another send to the
     * same contact assigned one meanwhile, that one).
     */
    public Mono<String> of(
            String assigned, String clientId, String contactId, List<String> pool, LocalDate day, Instant at) {
        if (assigned != null) {
            return Mono.just(assigned);
        }
        if (pool.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("""
                        WITH chosen AS (
                            SELECT p.mailbox FROM unnest(:pool::text[]) WITH ORDINALITY AS p (mailbox, position)
                            LEFT JOIN mailbox_days d ON d.mailbox = p.mailbox AND d.day = :day
                            ORDER BY coalesce(d.sent, 0), p.position LIMIT 1)
                        INSERT INTO contact_mailboxes (client_id, contact_id, mailbox, assigned_at)
                        SELECT :clientId, :contactId, mailbox, :at FROM chosen ON CONFLICT DO NOTHING
                        RETURNING mailbox""")
                .bind("pool", pool.toArray(String[]::new))
                .bind("day", day)
                .bind("clientId", clientId)
                .bind("contactId", contactId)
                .bind("at", at)
                .map(row -> row.get("mailbox", String.class))
                .first()
                .switchIfEmpty(Mono.defer(() -> db.sql(
                                "SELECT mailbox FROM contact_mailboxes WHERE client_id = :clientId AND contact_id = :contactId")
                        .bind("clientId", clientId)
                        .bind("contactId", contactId)
                        .map(row -> row.get("mailbox", String.class))
                        .first()));
    }

    /**
     * Locks the mailbox for this transaction, then says when it may send next and how much it sent on
     * {@code day}; a mailbox seen for the first time gets its row first. The locking statement reads
     * the count its row keeps for its latest day: a row locked {@code FOR UPDATE} is read as it is
     * once the lock is held. A count from another table in the same statement would come from the
     * snapshot taken before the wait and miss the send that held the lock; so only a day the row does
     * not keep (the first send of a new day, or clocks that disagree) is read from {@code mailbox_days}.
     */
    public Mono<Usage> lock(String mailbox, LocalDate day) {
        return lockExisting(mailbox)
                .switchIfEmpty(Mono.defer(
                        () -> db.sql("""
                                INSERT INTO mailboxes (mailbox, next_free_at) VALUES (:mailbox, '1970-01-01T00:00:00Z')
                                ON CONFLICT DO NOTHING""").bind("mailbox", mailbox).then().then(lockExisting(mailbox))))
                .flatMap(locked -> day.equals(locked.countedDay())
                        ? Mono.just(new Usage(locked.nextFreeAt(), locked.counted()))
                        : sentOn(mailbox, day).map(sent -> new Usage(locked.nextFreeAt(), sent)));
    }

    private Mono<Locked> lockExisting(String mailbox) {
        return db.sql("SELECT next_free_at, counted_day, counted FROM mailboxes WHERE mailbox = :mailbox FOR UPDATE")
                .bind("mailbox", mailbox)
                .map(row -> new Locked(
                        row.get("next_free_at", Instant.class),
                        row.get("counted_day", LocalDate.class),
                        row.get("counted", Integer.class)))
                .first();
    }

    private record Locked(Instant nextFreeAt, LocalDate countedDay, int counted) {}

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

    /**
     * The common table expressions that count a send against mailbox {@code :slot}'s day {@code :day}
     * (in {@code mailbox_days}, and on the mailbox's row unless the row keeps a later day) and keep it
     * quiet until {@code :next}; for a statement that marks the send {@code sending} with them. With
     * {@code :slot} null they change nothing.
     */
    public static final String RESERVING = """
            counted AS (
                INSERT INTO mailbox_days (mailbox, day, sent) SELECT :slot::text, :day::date, 1 WHERE :slot::text IS NOT NULL
                ON CONFLICT (mailbox, day) DO UPDATE SET sent = mailbox_days.sent + 1),
            paced AS (
                UPDATE mailboxes SET next_free_at = :next::timestamptz,
                    counted = CASE WHEN counted_day = :day::date THEN counted + 1
                                   WHEN counted_day IS NULL OR counted_day < :day::date THEN 1 ELSE counted END,
                    counted_day = CASE WHEN counted_day IS NULL OR counted_day < :day::date THEN :day::date
                                       ELSE counted_day END
                WHERE mailbox = :slot::text)""";
}
