package dev.touchflow.drafting.draft;

import dev.touchflow.platform.tracing.Traces;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Drafts stored, found, listed, revised and decided. */
@Repository
class DraftRepository {

    private final DatabaseClient db;
    private final DraftRows rows;

    private final Traces traces;

    DraftRepository(DatabaseClient db, DraftRows rows, Traces traces) {
        this.db = db;
        this.rows = rows;
        this.traces = traces;
    }

    /**
     * Stores a new draft unless this enrollment's step has one already, with the trace of the work
     * that made it (its approval continues it); true when stored.
     */
    Mono<Boolean> add(Draft draft) {
        return Mono.deferContextual(
                context -> add(draft, traces.current(context).orElse(null)));
    }

    private Mono<Boolean> add(Draft draft, String traceparent) {
        Map<String, Object> values = rows.values(draft);
        values.put("traceparent", Parameter.fromOrEmpty(traceparent, String.class));
        return db.sql(DraftRows.INSERT).bindValues(values).fetch().rowsUpdated().map(inserted -> inserted == 1);
    }

    Mono<Draft> find(UUID id) {
        return db.sql("SELECT * FROM drafts WHERE id = :id")
                .bind("id", id)
                .map(rows::draft)
                .first();
    }

    /** Locks the draft for a decision in this transaction. */
    Mono<Draft> lock(UUID id) {
        return db.sql("SELECT * FROM drafts WHERE id = :id FOR UPDATE")
                .bind("id", id)
                .map(rows::draft)
                .first();
    }

    Flux<Draft> list(DraftFilter filter) {
        Map<String, String> conditions = new LinkedHashMap<>();
        conditions.put(
                "status", filter.status() == null ? null : filter.status().wire());
        conditions.put("campaign_slug", filter.campaign());
        conditions.put("channel", filter.channel());
        conditions.values().removeIf(Objects::isNull);
        StringBuilder sql = new StringBuilder("SELECT * FROM drafts WHERE true");
        conditions
                .keySet()
                .forEach(column ->
                        sql.append(" AND ").append(column).append(" = :").append(column));
        Map<String, Object> values = new LinkedHashMap<>(conditions);
        if (filter.clients() != null) {
            sql.append(" AND client_id = ANY(:clients)");
            values.put("clients", filter.clients().toArray(String[]::new));
        }
        sql.append(" ORDER BY created_at, id LIMIT :limit OFFSET :offset");
        values.put("limit", filter.limit());
        values.put("offset", filter.offset());
        return db.sql(sql.toString()).bindValues(values).map(rows::draft).all();
    }

    /** The bodies of this contact's other drafts that went, or may go, out; for the near-duplicate check. */
    Flux<Draft> othersOfContact(String clientId, String contactId, UUID except) {
        return db.sql("""
                        SELECT * FROM drafts WHERE client_id = :clientId AND contact_id = :contactId AND id <> :except
                            AND status IN ('pending', 'needs_attention', 'approved') ORDER BY created_at, id""")
                .bind("clientId", clientId)
                .bind("contactId", contactId)
                .bind("except", except)
                .map(rows::draft)
                .all();
    }

    /** This enrollment's approved touches before the step, oldest first; for an LLM's prompt and an agent's task. */
    Flux<Draft> earlierTouches(UUID enrollmentId, int beforeStep) {
        return db.sql("""
                        SELECT * FROM drafts WHERE enrollment_id = :id AND step_number < :step AND status = 'approved'
                        ORDER BY step_number""")
                .bind("id", enrollmentId)
                .bind("step", beforeStep)
                .map(rows::draft)
                .all();
    }

    /**
     * Replaces a waiting or drafting draft's content, checks and status as one new version;
     * false when the draft was in another status meanwhile.
     */
    Mono<Boolean> revise(Draft revised, DraftStatus fromStatus) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", revised.id());
        values.put("from", fromStatus.wire());
        values.put("subject", Parameter.fromOrEmpty(revised.wording().subject(), String.class));
        values.put("body", revised.wording().body());
        values.put("status", revised.status().wire());
        values.put("problems", revised.checked().problems().toArray(String[]::new));
        values.put("checks", rows.json(revised.checked().checks()));
        values.put("notes", revised.checked().notes().toArray(String[]::new));
        values.put("madeBy", revised.origin().madeBy());
        values.put("madeWith", rows.json(revised.origin().madeWith()));
        values.put("version", revised.version());
        values.put("expiresAt", Parameter.fromOrEmpty(revised.timing().expiresAt(), Instant.class));
        values.put("answerBy", Parameter.fromOrEmpty(revised.timing().answerBy(), Instant.class));
        values.put("at", revised.timing().updatedAt());
        return db.sql("""
                        UPDATE drafts SET subject = :subject, body = :body, status = :status, problems = :problems,
                            checks = :checks, notes = :notes, made_by = :madeBy, made_with = :madeWith,
                            version = :version, expires_at = :expiresAt, answer_by = :answerBy, lease_until = NULL,
                            updated_at = :at
                        WHERE id = :id AND status = :from""").bindValues(values).fetch().rowsUpdated().map(updated -> updated == 1);
    }

    /**
     * Approves a pending draft as it stands; the trace it was made in (empty inside when none was kept), or
     * nothing when it was not pending any more.
     */
    Mono<Optional<String>> approve(UUID id, String approvedBy, String contentHash, Instant at) {
        return db.sql("""
                        UPDATE drafts SET status = 'approved', content_hash = :hash, approved_by = :by, approved_at = :at,
                            decided_by = :by, decided_at = :at, updated_at = :at
                        WHERE id = :id AND status = 'pending' RETURNING traceparent""")
                .bind("id", id)
                .bind("hash", contentHash)
                .bind("by", approvedBy)
                .bind("at", at)
                .map(row -> Optional.ofNullable(row.get("traceparent", String.class)))
                .first();
    }

    /** Rejects a waiting draft; false when it was not waiting any more. */
    Mono<Boolean> reject(UUID id, String by, String reason, Instant at) {
        return db.sql("""
                        UPDATE drafts SET status = 'rejected', decided_by = :by, decided_at = :at, decision_reason = :reason,
                            updated_at = :at
                        WHERE id = :id AND status IN ('pending', 'needs_attention')""")
                .bind("id", id)
                .bind("by", by)
                .bind("reason", reason)
                .bind("at", at)
                .fetch()
                .rowsUpdated()
                .map(updated -> updated == 1);
    }

    /** Withdraws the enrollment's drafts still being drafted or waiting for a person; returns them. */
    Flux<Draft> withdrawOpen(UUID enrollmentId, String reason, Instant at) {
        return db.sql("""
                        UPDATE drafts SET status = 'withdrawn', decision_reason = :reason, decided_at = :at, updated_at = :at
                        WHERE enrollment_id = :id AND status IN ('drafting', 'pending', 'needs_attention') RETURNING *""")
                .bind("id", enrollmentId)
                .bind("reason", reason)
                .bind("at", at)
                .map(rows::draft)
                .all();
    }
}
