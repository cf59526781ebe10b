package dev.touchflow.replies.thread;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The index of every touch sent, read to find the touch a reply answers. */
@Repository
public class SentMessages {

    private final DatabaseClient db;

    SentMessages(DatabaseClient db) {
        this.db = db;
    }

    /** The touch sent with this Message-ID. */
    public Mono<SentMessage> find(String messageId) {
        return db.sql("SELECT * FROM sent_messages WHERE message_id = :id")
                .bind("id", messageId)
                .map(SentMessages::sent)
                .first();
    }

    /** The latest touch among these Message-IDs (a reply's In-Reply-To and References). */
    public Mono<SentMessage> latestOf(String clientId, List<String> messageIds) {
        return db.sql("""
                        SELECT * FROM sent_messages WHERE client_id = :clientId AND message_id = ANY(:ids)
                        ORDER BY sent_at DESC LIMIT 1""")
                .bind("clientId", clientId)
                .bind("ids", messageIds.toArray(String[]::new))
                .map(SentMessages::sent)
                .first();
    }

    /** The latest touch sent to this address, lower case. */
    public Mono<SentMessage> latestTo(String clientId, String address) {
        return db.sql("""
                        SELECT * FROM sent_messages WHERE client_id = :clientId AND lower(to_id) = :address
                        ORDER BY sent_at DESC LIMIT 1""")
                .bind("clientId", clientId)
                .bind("address", address)
                .map(SentMessages::sent)
                .first();
    }

    private static SentMessage sent(Readable row) {
        return new SentMessage(
                row.get("message_id", String.class),
                row.get("send_id", UUID.class),
                row.get("enrollment_id", UUID.class),
                row.get("client_id", String.class),
                row.get("contact_id", String.class),
                row.get("campaign_slug", String.class),
                row.get("step_number", Integer.class),
                row.get("to_id", String.class),
                row.get("sent_at", Instant.class),
                row.get("correlation_id", String.class),
                row.get("traceparent", String.class));
    }
}
