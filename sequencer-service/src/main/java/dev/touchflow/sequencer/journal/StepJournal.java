package dev.touchflow.sequencer.journal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Why each touch happened when it did, or did not. */
@Repository
public class StepJournal {

    private static final String REASON_SEPARATOR = "\u001f";

    private final DatabaseClient db;

    StepJournal(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Void> record(JournalEntry entry) {
        return db.sql("""
                        INSERT INTO step_journal (enrollment_id, step_number, at, decision, reasons, fire_at)
                        VALUES (:enrollmentId, :step, :at, :decision, :reasons, :fireAt)""")
                .bind("enrollmentId", entry.enrollmentId())
                .bind("step", entry.stepNumber())
                .bind("at", entry.at())
                .bind("decision", entry.decision())
                .bind("reasons", entry.reasons().toArray(String[]::new))
                .bind("fireAt", Parameter.fromOrEmpty(entry.fireAt(), Instant.class))
                .then();
    }

    /**
     * Records many decisions with one insert, a column an array; the caller holds the transaction.
     * Two entries in a row about one enrollment at one moment (a step fired, and the next one
     * planned) share a row: the second is its {@code then_} columns. Each entry's reasons travel
     * joined by the unit separator, which no reason contains.
     */
    public Mono<Void> recordAll(List<JournalEntry> entries) {
        if (entries.isEmpty()) {
            return Mono.empty();
        }
        List<Row> rows = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            JournalEntry entry = entries.get(i);
            JournalEntry next = i + 1 < entries.size() ? entries.get(i + 1) : null;
            boolean paired = next != null
                    && next.enrollmentId().equals(entry.enrollmentId())
                    && next.at().equals(entry.at());
            rows.add(new Row(entry, paired ? next : null));
            i += paired ? 1 : 0;
        }
        int size = rows.size();
        UUID[] enrollmentIds = new UUID[size];
        Instant[] at = new Instant[size];
        Integer[] steps = new Integer[size];
        String[] decisions = new String[size];
        String[] reasons = new String[size];
        Instant[] fireAt = new Instant[size];
        Integer[] thenSteps = new Integer[size];
        String[] thenDecisions = new String[size];
        String[] thenReasons = new String[size];
        Instant[] thenFireAt = new Instant[size];
        for (int i = 0; i < size; i++) {
            JournalEntry entry = rows.get(i).entry();
            JournalEntry then = rows.get(i).then();
            enrollmentIds[i] = entry.enrollmentId();
            at[i] = entry.at();
            steps[i] = entry.stepNumber();
            decisions[i] = entry.decision();
            reasons[i] = String.join(REASON_SEPARATOR, entry.reasons());
            fireAt[i] = entry.fireAt();
            if (then != null) {
                thenSteps[i] = then.stepNumber();
                thenDecisions[i] = then.decision();
                thenReasons[i] = String.join(REASON_SEPARATOR, then.reasons());
                thenFireAt[i] = then.fireAt();
            }
        }
        return db.sql("""
                        INSERT INTO step_journal (enrollment_id, at, step_number, decision, reasons, fire_at,
                            then_step_number, then_decision, then_reasons, then_fire_at)
                        SELECT e, a, s, d, string_to_array(r, chr(31)), f, ts, td, string_to_array(tr, chr(31)), tf
                        FROM unnest(CAST(:enrollmentIds AS uuid[]), CAST(:at AS timestamptz[]), CAST(:steps AS int[]),
                            CAST(:decisions AS text[]), CAST(:reasons AS text[]), CAST(:fireAt AS timestamptz[]),
                            CAST(:thenSteps AS int[]), CAST(:thenDecisions AS text[]), CAST(:thenReasons AS text[]),
                            CAST(:thenFireAt AS timestamptz[])) AS v (e, a, s, d, r, f, ts, td, tr, tf)""")
                .bind("enrollmentIds", enrollmentIds)
                .bind("at", at)
                .bind("steps", steps)
                .bind("decisions", decisions)
                .bind("reasons", reasons)
                .bind("fireAt", fireAt)
                .bind("thenSteps", thenSteps)
                .bind("thenDecisions", thenDecisions)
                .bind("thenReasons", thenReasons)
                .bind("thenFireAt", thenFireAt)
                .then();
    }

    /** One stored row: an entry, and the one after it about the same moment, if any. */
    private record Row(JournalEntry entry, JournalEntry then) {}

    public Flux<JournalEntry> of(UUID enrollmentId) {
        return db.sql("SELECT * FROM step_journal WHERE enrollment_id = :id ORDER BY id")
                .bind("id", enrollmentId)
                .map(row -> {
                    UUID id = row.get("enrollment_id", UUID.class);
                    Instant at = row.get("at", Instant.class);
                    JournalEntry entry = new JournalEntry(
                            id,
                            row.get("step_number", Integer.class),
                            at,
                            row.get("decision", String.class),
                            Arrays.asList(row.get("reasons", String[].class)),
                            row.get("fire_at", Instant.class));
                    String then = row.get("then_decision", String.class);
                    return then == null
                            ? List.of(entry)
                            : List.of(
                                    entry,
                                    new JournalEntry(
                                            id,
                                            row.get("then_step_number", Integer.class),
                                            at,
                                            then,
                                            Arrays.asList(row.get("then_reasons", String[].class)),
                                            row.get("then_fire_at", Instant.class)));
                })
                .all()
                .flatMapIterable(pair -> pair);
    }

    /** The client of an enrollment the sequencer has a timer for (timers stay as history once done or cancelled). */
    public Mono<String> clientOf(UUID enrollmentId) {
        return db.sql("SELECT client_id FROM timers WHERE enrollment_id = :id")
                .bind("id", enrollmentId)
                .map(row -> row.get("client_id", String.class))
                .first();
    }
}
