package dev.touchflow.replies.inbound;

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

/** The messages a mailbox held that were skipped, and why: too large, or refused as data too many times. */
@RestController
class SkippedMessagesController {

    record SkippedMessage(
            String clientId,
            String mailbox,
            long uid,
            String messageId,
            long sizeBytes,
            String reason,
            int attempts,
            Instant skippedAt) {}

    private final DatabaseClient db;

    SkippedMessagesController(DatabaseClient db) {
        this.db = db;
    }

    @GetMapping("/api/v1/mailboxes/skipped")
    Flux<SkippedMessage> skipped(
            @RequestParam(required = false) String client,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset,
            Caller caller) {
        List<String> clients = caller.clientFilter(client);
        return db.sql("""
                        SELECT client_id, mailbox, uid, message_id, size_bytes, reason, attempts, skipped_at
                        FROM skipped_messages
                        WHERE (:clients::text[] IS NULL OR client_id = ANY(:clients))
                        ORDER BY skipped_at DESC, id LIMIT :limit OFFSET :offset""")
                .bind("clients", SqlParameters.textArray(clients))
                .bind("limit", limit)
                .bind("offset", offset)
                .map(row -> new SkippedMessage(
                        row.get("client_id", String.class),
                        row.get("mailbox", String.class),
                        row.get("uid", Long.class),
                        row.get("message_id", String.class),
                        row.get("size_bytes", Long.class),
                        row.get("reason", String.class),
                        row.get("attempts", Integer.class),
                        row.get("skipped_at", Instant.class)))
                .all();
    }
}
