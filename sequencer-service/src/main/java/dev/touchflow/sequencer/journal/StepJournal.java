package dev.touchflow.sequencer.journal;

import java.time.Instant;
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
                .bind("enrollmentId", entry.enrollmentId()).bind("step", entry.stepNumber()).bind("at", entry.at())
                .bind("decision", entry.decision()).bind("reasons", entry.reasons().toArray(String[]::new))
                .bind("fireAt", Parameter.fromOrEmpty(entry.fireAt(), Instant.class))
                .then();
    }

    /**
     * Records many decisions with one insert, a column an array; the caller holds the transaction.
     * Each entry's reasons travel joined by the unit separator, which no reason contains.
     */
    public Mono<Void> recordAll(List<JournalEntry> entries) {
        if (entries.isEmpty()) {
            return Mono.empty();
        }
        int size = entries.size();
        UUID[] enrollmentIds = new UUID[size];
        Integer[] steps = new Integer[size];
        Instant[] at = new Instant[size];
        String[] decisions = new String[size];
        String[] reasons = new String[size];
        Instant[] fireAt = new Instant[size];
        for (int i = 0; i < size; i++) {
            JournalEntry entry = entries.get(i);
            enrollmentIds[i] = entry.enrollmentId();
            steps[i] = entry.stepNumber();
            at[i] = entry.at();
            decisions[i] = entry.decision();
            reasons[i] = String.join(REASON_SEPARATOR, entry.reasons());
            fireAt[i] = entry.fireAt();
        }
        return db.sql("""
                        INSERT INTO step_journal (enrollment_id, step_number, at, decision, reasons, fire_at)
                        SELECT e, s, a, d, string_to_array(r, chr(31)), f
                        FROM unnest(CAST(:enrollmentIds AS uuid[]), CAST(:steps AS int[]), CAST(:at AS timestamptz[]),
                            CAST(:decisions AS text[]), CAST(:reasons AS text[]), CAST(:fireAt AS timestamptz[]))
                            AS v (e, s, a, d, r, f)""")
                .bind("enrollmentIds", enrollmentIds).bind("steps", steps).bind("at", at).bind("decisions", decisions)
                .bind("reasons", reasons).bind("fireAt", fireAt)
                .then();
    }

    public Flux<JournalEntry> of(UUID enrollmentId) {
        return db.sql("SELECT * FROM step_journal WHERE enrollment_id = :id ORDER BY id").bind("id", enrollmentId)
                .map(row -> new JournalEntry(row.get("enrollment_id", UUID.class), row.get("step_number", Integer.class),
                        row.get("at", Instant.class), row.get("decision", String.class),
                        Arrays.asList(row.get("reasons", String[].class)), row.get("fire_at", Instant.class)))
                .all();
    }
}
