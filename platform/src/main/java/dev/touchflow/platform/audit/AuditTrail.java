package dev.touchflow.platform.audit;

import dev.touchflow.platform.r2dbc.SqlParameters;
import dev.touchflow.platform.security.Caller;
import io.r2dbc.postgresql.codec.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit trail of a service: who (the token's name, never a request body) did what to which
 * object of which client, and when. Written in the transaction of the change it records, so a change
 * and its entry commit together or not at all.
 */
public class AuditTrail {

    /** One entry, as the API shows it. */
    public record Entry(
            long id,
            Instant at,
            String actor,
            String action,
            String clientId,
            String subjectType,
            String subjectId,
            Map<String, Object> detail) {}

    private final DatabaseClient db;
    private final JsonMapper json;
    private final Clock clock;

    public AuditTrail(DatabaseClient db, JsonMapper json, Clock clock) {
        this.db = db;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Records that {@code caller} did {@code action} to a subject of {@code clientId} (null for what all
     * clients share); call it inside the change's transaction.
     */
    public Mono<Void> record(
            Caller caller,
            String action,
            String clientId,
            String subjectType,
            Object subjectId,
            Map<String, ?> detail) {
        return db.sql("""
                        INSERT INTO audit_trail (at, actor, action, client_id, subject_type, subject_id, detail)
                        VALUES (:at, :actor, :action, :clientId, :subjectType, :subjectId, :detail)""")
                .bind("at", clock.instant())
                .bind("actor", caller.name())
                .bind("action", action)
                .bind("clientId", Parameter.fromOrEmpty(clientId, String.class))
                .bind("subjectType", subjectType)
                .bind("subjectId", String.valueOf(subjectId))
                .bind("detail", Json.of(json.writeValueAsString(detail == null ? Map.of() : detail)))
                .then();
    }

    /** Entries the caller may see (its clients', and what all clients share only for a token of every client), newest first. */
    public Flux<Entry> read(
            Caller caller, String clientId, String subjectType, String subjectId, int limit, int offset) {
        List<String> clients = caller.clientFilter(clientId);
        return db.sql("""
                        SELECT * FROM audit_trail
                        WHERE (:clients::text[] IS NULL OR client_id = ANY(:clients))
                          AND (:subjectType::text IS NULL OR subject_type = :subjectType)
                          AND (:subjectId::text IS NULL OR subject_id = :subjectId)
                        ORDER BY id DESC LIMIT :limit OFFSET :offset""")
                .bind("clients", SqlParameters.textArray(clients))
                .bind("subjectType", Parameter.fromOrEmpty(subjectType, String.class))
                .bind("subjectId", Parameter.fromOrEmpty(subjectId, String.class))
                .bind("limit", limit)
                .bind("offset", offset)
                .map(row -> new Entry(
                        row.get("id", Long.class),
                        row.get("at", Instant.class),
                        row.get("actor", String.class),
                        row.get("action", String.class),
                        row.get("client_id", String.class),
                        row.get("subject_type", String.class),
                        row.get("subject_id", String.class),
                        detail(row.get("detail", Json.class))))
                .all();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> detail(Json value) {
        return value == null ? Map.of() : json.readValue(value.asString(), LinkedHashMap.class);
    }
}
