package dev.touchflow.sequencer.cap;

import io.r2dbc.spi.Readable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Touches fired per contact per local day, across campaigns. A batch reserves its touches in two
 * statements: the days it touches are read and locked, then the grants are added with an upsert
 * that refuses to pass the cap, so concurrent sequencer instances never exceed it between them.
 */
@Repository
public class TouchLedger {

    /** One contact's local day. */
    public record Day(String clientId, String contactId, LocalDate date) {
    }

    private final DatabaseClient db;

    TouchLedger(DatabaseClient db) {
        this.db = db;
    }

    /** For each day, how many of the wanted touches the cap allows; the caller holds the transaction. */
    public Mono<Map<Day, Integer>> reserve(Map<Day, Integer> wanted, ToIntFunction<String> capOfClient) {
        if (wanted.isEmpty()) {
            return Mono.just(Map.of());
        }
        List<Day> days = new ArrayList<>(wanted.keySet());
        return current(days).flatMap(taken -> {
            Map<Day, Integer> grants = new HashMap<>();
            for (Day day : days) {
                int room = capOfClient.applyAsInt(day.clientId()) - taken.getOrDefault(day, 0);
                int grant = Math.max(0, Math.min(room, wanted.get(day)));
                if (grant > 0) {
                    grants.put(day, grant);
                }
            }
            return grants.isEmpty() ? Mono.just(Map.<Day, Integer>of()) : add(grants, capOfClient);
        });
    }

    private Mono<Map<Day, Integer>> current(List<Day> days) {
        StringBuilder sql = new StringBuilder("""
                SELECT l.client_id, l.contact_id, l.local_date, l.touches FROM touch_ledger l
                JOIN (VALUES """);
        for (int i = 0; i < days.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(CAST(:c").append(i).append(" AS text), CAST(:p").append(i)
                    .append(" AS text), CAST(:d").append(i).append(" AS date))");
        }
        sql.append(") AS v (client_id, contact_id, local_date) USING (client_id, contact_id, local_date) FOR UPDATE OF l");
        java.util.Map<String, Object> values = new java.util.HashMap<>();
        for (int i = 0; i < days.size(); i++) {
            values.put("c" + i, days.get(i).clientId());
            values.put("p" + i, days.get(i).contactId());
            values.put("d" + i, days.get(i).date());
        }
        return db.sql(sql.toString()).bindValues(values).map(row -> Map.entry(day(row), row.get("touches", Integer.class))).all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /** Adds the grants; a day another instance filled meanwhile is left out of the answer, so its touches wait. */
    private Mono<Map<Day, Integer>> add(Map<Day, Integer> grants, ToIntFunction<String> capOfClient) {
        List<Map.Entry<Day, Integer>> rows = new ArrayList<>(grants.entrySet());
        StringBuilder sql = new StringBuilder("WITH v (client_id, contact_id, local_date, added, cap) AS (VALUES ");
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(CAST(:c").append(i).append(" AS text), CAST(:p").append(i)
                    .append(" AS text), CAST(:d").append(i).append(" AS date), CAST(:a").append(i)
                    .append(" AS int), CAST(:m").append(i).append(" AS int))");
        }
        sql.append("""
                )
                INSERT INTO touch_ledger AS l (client_id, contact_id, local_date, touches)
                SELECT client_id, contact_id, local_date, added FROM v
                ON CONFLICT (client_id, contact_id, local_date) DO UPDATE SET touches = l.touches + excluded.touches
                WHERE l.touches + excluded.touches <= (SELECT v.cap FROM v WHERE v.client_id = excluded.client_id
                    AND v.contact_id = excluded.contact_id AND v.local_date = excluded.local_date)
                RETURNING l.client_id, l.contact_id, l.local_date""");
        java.util.Map<String, Object> values = new java.util.HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Day day = rows.get(i).getKey();
            values.put("c" + i, day.clientId());
            values.put("p" + i, day.contactId());
            values.put("d" + i, day.date());
            values.put("a" + i, rows.get(i).getValue());
            values.put("m" + i, capOfClient.applyAsInt(day.clientId()));
        }
        return db.sql(sql.toString()).bindValues(values).map(TouchLedger::day).all().collectMap(day -> day, grants::get);
    }

    private static Day day(Readable row) {
        return new Day(row.get("client_id", String.class), row.get("contact_id", String.class),
                row.get("local_date", LocalDate.class));
    }
}
