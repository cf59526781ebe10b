package dev.touchflow.drafting.draft;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class DraftRepository {

    private static final TypeReference<Map<String, Object>> CONTEXT = new TypeReference<>() {
    };

    private final DatabaseClient db;
    private final JsonMapper json;

    DraftRepository(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /** Stores a new draft unless this enrollment's step has one already; true when stored. */
    Mono<Boolean> add(Draft draft) {
        return db.sql("""
                        INSERT INTO drafts (id, enrollment_id, step_number, client_id, contact_id, correlation_id,
                            campaign_slug, campaign_version, channel, to_id, subject, body, context, status, problems,
                            made_by, requires_personal_send, created_at, updated_at)
                        VALUES (:id, :enrollmentId, :step, :clientId, :contactId, :correlationId, :slug, :version,
                            :channel, :toId, :subject, :body, :context, :status, :problems, :madeBy, :personal, :at, :at)
                        ON CONFLICT (enrollment_id, step_number) DO NOTHING""")
                .bind("id", draft.id()).bind("enrollmentId", draft.enrollmentId()).bind("step", draft.stepNumber())
                .bind("clientId", draft.clientId()).bind("contactId", draft.contactId())
                .bind("correlationId", draft.correlationId()).bind("slug", draft.campaignSlug())
                .bind("version", draft.campaignVersion()).bind("channel", draft.channel()).bind("toId", draft.toId())
                .bind("subject", Parameter.fromOrEmpty(draft.subject(), String.class)).bind("body", draft.body())
                .bind("context", Json.of(json.writeValueAsString(draft.context()))).bind("status", draft.status())
                .bind("problems", draft.problems().toArray(String[]::new)).bind("madeBy", draft.madeBy())
                .bind("personal", draft.requiresPersonalSend()).bind("at", draft.createdAt())
                .fetch().rowsUpdated().map(inserted -> inserted == 1);
    }

    Mono<Draft> find(UUID id) {
        return db.sql("SELECT * FROM drafts WHERE id = :id").bind("id", id).map(this::toDraft).first();
    }

    Flux<Draft> list(DraftFilter filter) {
        Map<String, String> conditions = new java.util.LinkedHashMap<>();
        conditions.put("status", filter.status());
        conditions.put("client_id", filter.clientId());
        conditions.put("campaign_slug", filter.campaign());
        conditions.put("channel", filter.channel());
        conditions.values().removeIf(java.util.Objects::isNull);
        StringBuilder sql = new StringBuilder("SELECT * FROM drafts WHERE true");
        conditions.keySet().forEach(column -> sql.append(" AND ").append(column).append(" = :").append(column));
        sql.append(" ORDER BY created_at, id LIMIT :limit OFFSET :offset");
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString())
                .bind("limit", filter.limit()).bind("offset", filter.offset());
        for (Map.Entry<String, String> condition : conditions.entrySet()) {
            spec = spec.bind(condition.getKey(), condition.getValue());
        }
        return spec.map(this::toDraft).all();
    }

    /** Approves a pending draft with its final content; false when it was not pending any more. */
    Mono<Boolean> approve(Draft approved, String approvedBy, String contentHash, Instant at) {
        return db.sql("""
                        UPDATE drafts SET status = 'approved', subject = :subject, body = :body, content_hash = :hash,
                            approved_by = :by, approved_at = :at, updated_at = :at,
                            version = version + CASE WHEN subject IS DISTINCT FROM :subject OR body <> :body THEN 1 ELSE 0 END
                        WHERE id = :id AND status = 'pending'""")
                .bind("id", approved.id()).bind("subject", Parameter.fromOrEmpty(approved.subject(), String.class))
                .bind("body", approved.body()).bind("hash", contentHash).bind("by", approvedBy).bind("at", at)
                .fetch().rowsUpdated().map(updated -> updated == 1);
    }

    /** Withdraws the enrollment's drafts still waiting for a person; returns them. */
    Flux<Draft> withdrawWaiting(UUID enrollmentId, Instant at) {
        return db.sql("""
                        UPDATE drafts SET status = 'withdrawn', updated_at = :at
                        WHERE enrollment_id = :id AND status IN ('pending', 'needs_attention') RETURNING *""")
                .bind("id", enrollmentId).bind("at", at)
                .map(this::toDraft).all();
    }

    Mono<Void> audit(UUID draftId, Instant at, String actor, String action, Object before, Object after) {
        return db.sql("""
                        INSERT INTO draft_audit (draft_id, at, actor, action, before, after)
                        VALUES (:draftId, :at, :actor, :action, :before, :after)""")
                .bind("draftId", draftId).bind("at", at).bind("actor", actor).bind("action", action)
                .bind("before", Parameter.fromOrEmpty(before == null ? null : Json.of(json.writeValueAsString(before)), Json.class))
                .bind("after", Parameter.fromOrEmpty(after == null ? null : Json.of(json.writeValueAsString(after)), Json.class))
                .then();
    }

    Flux<Map<String, Object>> history(UUID draftId) {
        return db.sql("SELECT at, actor, action, before, after FROM draft_audit WHERE draft_id = :id ORDER BY id")
                .bind("id", draftId)
                .map(row -> {
                    Map<String, Object> entry = new java.util.LinkedHashMap<>();
                    entry.put("at", row.get("at", Instant.class));
                    entry.put("actor", row.get("actor", String.class));
                    entry.put("action", row.get("action", String.class));
                    entry.put("before", jsonOf(row.get("before", Json.class)));
                    entry.put("after", jsonOf(row.get("after", Json.class)));
                    return entry;
                }).all();
    }

    private Object jsonOf(Json value) {
        return value == null ? null : json.readValue(value.asString(), Object.class);
    }

    private Draft toDraft(Readable row) {
        return new Draft(row.get("id", UUID.class), row.get("enrollment_id", UUID.class),
                row.get("step_number", Integer.class), row.get("client_id", String.class),
                row.get("contact_id", String.class), row.get("correlation_id", String.class),
                row.get("campaign_slug", String.class), row.get("campaign_version", Integer.class),
                row.get("channel", String.class), row.get("to_id", String.class), row.get("subject", String.class),
                row.get("body", String.class), json.readValue(row.get("context", Json.class).asString(), CONTEXT),
                row.get("status", String.class), Arrays.asList(row.get("problems", String[].class)),
                row.get("made_by", String.class), row.get("requires_personal_send", Boolean.class),
                row.get("version", Integer.class), row.get("content_hash", String.class),
                row.get("approved_by", String.class), row.get("approved_at", Instant.class),
                row.get("created_at", Instant.class), row.get("updated_at", Instant.class));
    }
}
