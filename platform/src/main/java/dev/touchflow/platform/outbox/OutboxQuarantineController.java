package dev.touchflow.platform.outbox;

import dev.touchflow.platform.r2dbc.SqlParameters;
import dev.touchflow.platform.security.Caller;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * Every service's outbox rows the broker refused for good, with the reason:
 * {@code GET /api/v1/outbox/quarantined?client=&limit=&offset=}, for operators, scoped by the client
 * that leads each record key ({@code client:contact}).
 */
@RestController
public class OutboxQuarantineController {

    /** A quarantined event, without its payload. */
    public record Quarantined(
            long id,
            String eventId,
            String topic,
            String recordKey,
            String eventType,
            Instant occurredAt,
            String reason,
            Instant quarantinedAt) {}

    private final DatabaseClient db;

    public OutboxQuarantineController(DatabaseClient db) {
        this.db = db;
    }

    @GetMapping("/api/v1/outbox/quarantined")
    Flux<Quarantined> quarantined(
            @RequestParam(required = false) String client,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset,
            Caller caller) {
        List<String> clients = caller.clientFilter(client);
        return db.sql("""
                        SELECT id, event_id, topic, record_key, event_type, occurred_at, reason, quarantined_at
                        FROM outbox_quarantine
                        WHERE (:clients::text[] IS NULL OR split_part(record_key, ':', 1) = ANY(:clients))
                        ORDER BY id DESC LIMIT :limit OFFSET :offset""")
                .bind("clients", SqlParameters.textArray(clients))
                .bind("limit", limit)
                .bind("offset", offset)
                .map(row -> new Quarantined(
                        row.get("id", Long.class),
                        row.get("event_id", String.class),
                        row.get("topic", String.class),
                        row.get("record_key", String.class),
                        row.get("event_type", String.class),
                        row.get("occurred_at", Instant.class),
                        row.get("reason", String.class),
                        row.get("quarantined_at", Instant.class)))
                .all();
    }
}
