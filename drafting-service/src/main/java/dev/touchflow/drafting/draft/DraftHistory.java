package dev.touchflow.drafting.draft;

import io.r2dbc.postgresql.codec.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * What became of each draft: every version's content, and every action on it (who, when, what it was
 * before and after).
 */
@Repository
class DraftHistory {

    private final DatabaseClient db;
    private final JsonMapper json;

    DraftHistory(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    Mono<Void> addVersion(Draft draft, String actor) {
        return db.sql("""
                        INSERT INTO draft_versions (draft_id, version, subject, body, made_by, actor, at)
                        VALUES (:id, :version, :subject, :body, :madeBy, :actor, :at)
                        ON CONFLICT (draft_id, version) DO NOTHING""")
                .bind("id", draft.id())
                .bind("version", draft.version())
                .bind("subject", Parameter.fromOrEmpty(draft.wording().subject(), String.class))
                .bind("body", draft.wording().body())
                .bind("madeBy", draft.origin().madeBy())
                .bind("actor", actor)
                .bind("at", draft.timing().updatedAt())
                .then();
    }

    Flux<Map<String, Object>> versions(UUID draftId) {
        return db.sql(
                        "SELECT version, subject, body, made_by, actor, at FROM draft_versions WHERE draft_id = :id ORDER BY version")
                .bind("id", draftId)
                .map(row -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("version", row.get("version", Integer.class));
                    entry.put("subject", row.get("subject", String.class));
                    entry.put("body", row.get("body", String.class));
                    entry.put("made_by", row.get("made_by", String.class));
                    entry.put("actor", row.get("actor", String.class));
                    entry.put("at", row.get("at", Instant.class));
                    return entry;
                })
                .all();
    }

    Mono<Void> audit(UUID draftId, Instant at, String actor, String action, Object before, Object after) {
        return db.sql("""
                        INSERT INTO draft_audit (draft_id, at, actor, action, before, after)
                        VALUES (:draftId, :at, :actor, :action, :before, :after)""")
                .bind("draftId", draftId)
                .bind("at", at)
                .bind("actor", actor)
                .bind("action", action)
                .bind("before", Parameter.fromOrEmpty(before == null ? null : json(before), Json.class))
                .bind("after", Parameter.fromOrEmpty(after == null ? null : json(after), Json.class))
                .then();
    }

    /** One entry per draft for an action by one actor at one time, each with what the draft is after it. */
    Mono<Void> auditAll(Map<UUID, ?> afterByDraft, Instant at, String actor, String action) {
        if (afterByDraft.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("""
                        INSERT INTO draft_audit (draft_id, at, actor, action, after)
                        SELECT a.id, :at, :actor, :action, a.after::jsonb
                        FROM unnest(:ids::uuid[], :afters::text[]) WITH ORDINALITY AS a (id, after, n) ORDER BY a.n""")
                .bind("ids", afterByDraft.keySet().toArray(UUID[]::new))
                .bind(
                        "afters",
                        afterByDraft.values().stream()
                                .map(json::writeValueAsString)
                                .toArray(String[]::new))
                .bind("at", at)
                .bind("actor", actor)
                .bind("action", action)
                .then();
    }

    Flux<Map<String, Object>> history(UUID draftId) {
        return db.sql("SELECT at, actor, action, before, after FROM draft_audit WHERE draft_id = :id ORDER BY id")
                .bind("id", draftId)
                .map(row -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("at", row.get("at", Instant.class));
                    entry.put("actor", row.get("actor", String.class));
                    entry.put("action", row.get("action", String.class));
                    entry.put("before", jsonOf(row.get("before", Json.class)));
                    entry.put("after", jsonOf(row.get("after", Json.class)));
                    return entry;
                })
                .all();
    }

    private Json json(Object value) {
        return Json.of(json.writeValueAsString(value));
    }

    private Object jsonOf(Json value) {
        return value == null ? null : json.readValue(value.asString(), Object.class);
    }
}
