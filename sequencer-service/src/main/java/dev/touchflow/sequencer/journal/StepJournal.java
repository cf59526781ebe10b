package dev.touchflow.sequencer.journal;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Why each touch happened when it did, or did not. */
@Repository
public class StepJournal {

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

    /** Records many decisions with one insert; the caller holds the transaction. */
    public Mono<Void> recordAll(java.util.List<JournalEntry> entries) {
        if (entries.isEmpty()) {
            return Mono.empty();
        }
        StringBuilder sql = new StringBuilder(
                "INSERT INTO step_journal (enrollment_id, step_number, at, decision, reasons, fire_at) VALUES ");
        for (int i = 0; i < entries.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:e").append(i).append(", :s").append(i).append(", :a").append(i)
                    .append(", :d").append(i).append(", :r").append(i).append(", CAST(:f").append(i).append(" AS timestamptz))");
        }
        java.util.Map<String, Object> values = new java.util.HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            JournalEntry entry = entries.get(i);
            values.put("e" + i, entry.enrollmentId());
            values.put("s" + i, entry.stepNumber());
            values.put("a" + i, entry.at());
            values.put("d" + i, entry.decision());
            values.put("r" + i, entry.reasons().toArray(String[]::new));
            values.put("f" + i, Parameter.fromOrEmpty(entry.fireAt(), Instant.class));
        }
        return db.sql(sql.toString()).bindValues(values).then();
    }

    public Flux<JournalEntry> of(UUID enrollmentId) {
        return db.sql("SELECT * FROM step_journal WHERE enrollment_id = :id ORDER BY id").bind("id", enrollmentId)
                .map(row -> new JournalEntry(row.get("enrollment_id", UUID.class), row.get("step_number", Integer.class),
                        row.get("at", Instant.class), row.get("decision", String.class),
                        Arrays.asList(row.get("reasons", String[].class)), row.get("fire_at", Instant.class)))
                .all();
    }
}
