package dev.touchflow.drafting.draft;

import dev.touchflow.platform.tracing.Traces;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * A finished draft stored with its first version and the audit entry saying so, in one statement: what
 * {@link DraftRepository#add} and {@link DraftVersions#recorded} do in three. Staging a template draft is most
 * of a launch's drafting, and each statement's round trip costs more than the writing it does.
 */
@Repository
class NewDrafts {

    private final DatabaseClient db;
    private final DraftRows rows;
    private final Traces traces;

    NewDrafts(DatabaseClient db, DraftRows rows, Traces traces) {
        this.db = db;
        this.rows = rows;
        this.traces = traces;
    }

    /**
     * Stores the draft unless this enrollment's step has one already, with its content as a version and
     * an entry of {@code action} by {@code actor} with {@code after}; true when stored (nothing is
     * written otherwise). The trace of the work that made it is kept, as {@link DraftRepository#add} keeps it.
     */
    Mono<Boolean> add(Draft draft, String actor, String action, Map<String, Object> after) {
        return Mono.deferContextual(context -> {
            Map<String, Object> values = rows.values(draft);
            values.put(
                    "traceparent", Parameter.fromOrEmpty(traces.current(context).orElse(null), String.class));
            values.put("actor", actor);
            values.put("action", action);
            values.put("after", rows.json(after));
            return db.sql("WITH added AS (" + DraftRows.INSERT + """
                             RETURNING id),
                            versioned AS (
                                INSERT INTO draft_versions (draft_id, version, subject, body, made_by, actor, at)
                                SELECT id, :draftVersion, :subject, :body, :madeBy, :actor, :at FROM added),
                            audited AS (
                                INSERT INTO draft_audit (draft_id, at, actor, action, after)
                                SELECT id, :at, :actor, :action, :after FROM added)
                            SELECT count(*) AS added FROM added""")
                    .bindValues(values)
                    .map(row -> row.get("added", Long.class))
                    .one()
                    .map(added -> added == 1);
        });
    }
}
