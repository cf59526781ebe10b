package dev.touchflow.sequencer.cap;

import io.r2dbc.spi.Readable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Touches fired per contact per local day, across campaigns. A batch reserves its touches with one
 * upsert that adds each day's touches unless that would pass the cap, so concurrent sequencer
 * instances never exceed it between them. The upsert locks every day it meets, added to or not,
 * and meets them in one order (client, contact, date), so batches under way at once never
 * deadlock over two contacts they share. Only a day that wanted more than one touch and was
 * refused is read again (already locked) to grant the room it has left. (Reading and locking every
 * day first cost a second statement a batch, 7 to 9 µs a touch; doing both in one statement with
 * the read as a locking CTE measured slower still.) Each row carries the cap it was checked
 * against, so a day already there is judged by its own proposed row ({@code excluded.cap}), not by
 * a look through the whole batch for it.
 */
@Repository
public class TouchLedger {

    /** One contact's local day. */
    public record Day(String clientId, String contactId, LocalDate date) {

        static final Comparator<Day> LOCK_ORDER = Comparator.comparing(Day::clientId)
                .thenComparing(Day::contactId)
                .thenComparing(Day::date);
    }

    private final DatabaseClient db;

    TouchLedger(DatabaseClient db) {
        this.db = db;
    }

    /** For each day, how many of the wanted touches the cap allows; the caller holds the transaction. */
    public Mono<Map<Day, Integer>> reserve(Map<Day, Integer> wanted, ToIntFunction<String> capOfClient) {
        Map<Day, Integer> asked = new HashMap<>();
        wanted.forEach((day, touches) -> {
            int asks = Math.min(touches, capOfClient.applyAsInt(day.clientId()));
            if (asks > 0) {
                asked.put(day, asks);
            }
        });
        if (asked.isEmpty()) {
            return Mono.just(Map.of());
        }
        return add(asked, capOfClient).flatMap(granted -> {
            List<Day> refusedInPart = asked.keySet().stream()
                    .filter(day -> asked.get(day) > 1 && !granted.containsKey(day))
                    .toList();
            return refusedInPart.isEmpty()
                    ? Mono.just(granted)
                    : roomLeft(refusedInPart, asked, capOfClient).map(rest -> {
                        Map<Day, Integer> all = new HashMap<>(granted);
                        all.putAll(rest);
                        return all;
                    });
        });
    }

    /** Grants what room the days have left; the upsert that refused them locked them, so no one else changes them. */
    private Mono<Map<Day, Integer>> roomLeft(
            List<Day> days, Map<Day, Integer> asked, ToIntFunction<String> capOfClient) {
        return current(days).flatMap(taken -> {
            Map<Day, Integer> grants = new HashMap<>();
            for (Day day : days) {
                int room = capOfClient.applyAsInt(day.clientId()) - taken.getOrDefault(day, 0);
                if (room > 0) {
                    grants.put(day, Math.min(room, asked.get(day)));
                }
            }
            return grants.isEmpty() ? Mono.just(Map.<Day, Integer>of()) : add(grants, capOfClient);
        });
    }

    /** The days' touches so far, locked; package-private for the test that asks how it is planned. */
    static final String CURRENT = """
            SELECT l.client_id, l.contact_id, l.local_date, l.touches FROM touch_ledger l
            JOIN unnest(CAST(:clients AS text[]), CAST(:contacts AS text[]), CAST(:dates AS date[]))
                AS v (client_id, contact_id, local_date) USING (client_id, contact_id, local_date)
            ORDER BY l.client_id, l.contact_id, l.local_date
            FOR UPDATE OF l""";

    private Mono<Map<Day, Integer>> current(List<Day> days) {
        Columns columns = new Columns(days, day -> 0, day -> 0);
        return db.sql(CURRENT)
                .bind("clients", columns.clients())
                .bind("contacts", columns.contacts())
                .bind("dates", columns.dates())
                .map(row -> Map.entry(day(row), row.get("touches", Integer.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /** Adds the touches of each day that has room for all of them; the answer leaves out those without. */
    private Mono<Map<Day, Integer>> add(Map<Day, Integer> grants, ToIntFunction<String> capOfClient) {
        List<Day> days = new ArrayList<>(grants.keySet());
        days.sort(Day.LOCK_ORDER);
        Columns columns = new Columns(days, grants::get, day -> capOfClient.applyAsInt(day.clientId()));
        return db.sql("""
                        INSERT INTO touch_ledger AS l (client_id, contact_id, local_date, touches, cap)
                        SELECT * FROM unnest(CAST(:clients AS text[]), CAST(:contacts AS text[]),
                            CAST(:dates AS date[]), CAST(:added AS int[]), CAST(:caps AS int[]))
                        ON CONFLICT (client_id, contact_id, local_date) DO UPDATE
                            SET touches = l.touches + excluded.touches, cap = excluded.cap
                        WHERE l.touches + excluded.touches <= excluded.cap
                        RETURNING l.client_id, l.contact_id, l.local_date""")
                .bind("clients", columns.clients())
                .bind("contacts", columns.contacts())
                .bind("dates", columns.dates())
                .bind("added", columns.added())
                .bind("caps", columns.caps())
                .map(TouchLedger::day)
                .all()
                .collectMap(day -> day, grants::get);
    }

    /** Days and their numbers as one array a column, the way the statements take them. */
    private record Columns(String[] clients, String[] contacts, LocalDate[] dates, Integer[] added, Integer[] caps) {

        Columns(List<Day> days, ToIntFunction<Day> added, ToIntFunction<Day> cap) {
            this(
                    new String[days.size()],
                    new String[days.size()],
                    new LocalDate[days.size()],
                    new Integer[days.size()],
                    new Integer[days.size()]);
            for (int i = 0; i < days.size(); i++) {
                Day day = days.get(i);
                clients[i] = day.clientId();
                contacts[i] = day.contactId();
                dates[i] = day.date();
                this.added[i] = added.applyAsInt(day);
                caps[i] = cap.applyAsInt(day);
            }
        }
    }

    private static Day day(Readable row) {
        return new Day(
                row.get("client_id", String.class),
                row.get("contact_id", String.class),
                row.get("local_date", LocalDate.class));
    }
}
