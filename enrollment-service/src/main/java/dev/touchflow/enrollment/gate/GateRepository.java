package dev.touchflow.enrollment.gate;

import dev.touchflow.enrollment.campaign.ContactDetails;
import dev.touchflow.platform.r2dbc.SqlParameters;
import dev.touchflow.platform.tracing.Traces;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

@Repository
class GateRepository {

    private static final String COLUMNS = """
            id, event_id, client_id, contact, meeting, booked_by, suggested_campaigns, status, routed_campaigns, goal, notes,
            received_at, routed_at, routed_by, traceparent""";

    private final DatabaseClient db;
    private final JsonMapper json;
    private final Traces traces;

    GateRepository(DatabaseClient db, JsonMapper json, Traces traces) {
        this.db = db;
        this.json = json;
        this.traces = traces;
    }

    /** Stores the handoff unless one with the same event id is there already. */
    Mono<Void> add(MeetingBooked meeting, Instant receivedAt) {
        return Mono.deferContextual(
                context -> add(meeting, receivedAt, traces.current(context).orElse(null)));
    }

    private Mono<Void> add(MeetingBooked meeting, Instant receivedAt, String traceparent) {
        return db.sql("""
                        INSERT INTO gate_requests (id, event_id, client_id, contact_id, contact, meeting, booked_by,
                            suggested_campaigns, received_at, traceparent)
                        VALUES (:id, :eventId, :clientId, :contactId, :contact, :meeting, :bookedBy, :suggested, :receivedAt,
                            :traceparent)
                        ON CONFLICT (event_id) DO NOTHING""")
                .bind("traceparent", Parameter.fromOrEmpty(traceparent, String.class))
                .bind("id", UUID.randomUUID())
                .bind("eventId", meeting.eventId())
                .bind("clientId", meeting.clientId())
                .bind("contactId", meeting.contact().id())
                .bind("contact", Json.of(json.writeValueAsString(meeting.contact())))
                .bind(
                        "meeting",
                        Parameter.fromOrEmpty(
                                meeting.meetingJson() == null ? null : Json.of(meeting.meetingJson()), Json.class))
                .bind("bookedBy", Parameter.fromOrEmpty(meeting.bookedBy(), String.class))
                .bind("suggested", meeting.suggestedCampaigns().toArray(String[]::new))
                .bind("receivedAt", receivedAt)
                .then();
    }

    /** Requests with this status, of these clients (null: every client). */
    Flux<GateRequest> withStatus(String status, List<String> clients, int limit, int offset) {
        return db.sql("SELECT " + COLUMNS + " FROM gate_requests WHERE status = :status"
                        + " AND (:clients::text[] IS NULL OR client_id = ANY(:clients))"
                        + " ORDER BY received_at, id LIMIT :limit OFFSET :offset")
                .bind("status", status)
                .bind("limit", limit)
                .bind("offset", offset)
                .bind("clients", SqlParameters.textArray(clients))
                .map(this::toRequest)
                .all();
    }

    Mono<GateRequest> find(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM gate_requests WHERE id = :id")
                .bind("id", id)
                .map(this::toRequest)
                .first();
    }

    /** Marks a pending request routed; false when it was not pending any more. */
    Mono<Boolean> markRouted(UUID id, List<String> campaigns, String goal, String notes, String by, Instant at) {
        return db.sql("""
                        UPDATE gate_requests SET status = 'routed', routed_campaigns = :campaigns, goal = :goal,
                            notes = :notes, routed_at = :at, routed_by = :by
                        WHERE id = :id AND status = 'pending'""")
                .bind("id", id)
                .bind("campaigns", campaigns.toArray(String[]::new))
                .bind("goal", Parameter.fromOrEmpty(goal, String.class))
                .bind("notes", Parameter.fromOrEmpty(notes, String.class))
                .bind("at", at)
                .bind("by", by)
                .fetch()
                .rowsUpdated()
                .map(updated -> updated == 1);
    }

    private GateRequest toRequest(Readable row) {
        String[] routed = row.get("routed_campaigns", String[].class);
        return new GateRequest(
                row.get("id", UUID.class),
                row.get("event_id", String.class),
                row.get("client_id", String.class),
                json.readValue(row.get("contact", Json.class).asString(), ContactDetails.class),
                meeting(row.get("meeting", Json.class)),
                row.get("booked_by", String.class),
                Arrays.asList(row.get("suggested_campaigns", String[].class)),
                row.get("status", String.class),
                routed == null ? List.of() : Arrays.asList(routed),
                row.get("goal", String.class),
                row.get("notes", String.class),
                row.get("received_at", Instant.class),
                row.get("routed_at", Instant.class),
                row.get("routed_by", String.class),
                row.get("traceparent", String.class));
    }

    /** The meeting as it was booked (when, and the booker's notes), or an empty one. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> meeting(Json meeting) {
        return meeting == null ? Map.of() : json.readValue(meeting.asString(), Map.class);
    }
}
