package dev.touchflow.replies.thread;

import dev.touchflow.schemas.dispatch.DispatchEvent;
import dev.touchflow.schemas.dispatch.TouchSent;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** Keeps the index of every Message-ID sent, so a reply's In-Reply-To finds its touch. */
@Service
public class IndexingSentMessages {

    private final DatabaseClient db;

    IndexingSentMessages(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Void> on(DispatchEvent event) {
        if (!(event.getPayload() instanceof TouchSent sent) || sent.getMessageId() == null) {
            return Mono.empty();
        }
        return db.sql("""
                        INSERT INTO sent_messages (message_id, send_id, enrollment_id, client_id, contact_id,
                            campaign_slug, step_number, to_id, sent_at, correlation_id)
                        VALUES (:messageId, :sendId, :enrollmentId, :clientId, :contactId, :slug, :step, :toId, :sentAt,
                            :correlationId)
                        ON CONFLICT (message_id) DO NOTHING""")
                .bind("messageId", sent.getMessageId()).bind("sendId", UUID.fromString(sent.getSendId()))
                .bind("enrollmentId", UUID.fromString(sent.getEnrollmentId()))
                .bind("clientId", event.getHeader().getClientId()).bind("contactId", event.getHeader().getContactId())
                .bind("slug", sent.getCampaignSlug()).bind("step", sent.getStepNumber()).bind("toId", sent.getToId())
                .bind("sentAt", sent.getSentAt()).bind("correlationId", event.getHeader().getCorrelationId())
                .then();
    }

    public Mono<SentMessage> find(String messageId) {
        return db.sql("SELECT * FROM sent_messages WHERE message_id = :id").bind("id", messageId)
                .map(row -> new SentMessage(row.get("message_id", String.class), row.get("send_id", UUID.class),
                        row.get("enrollment_id", UUID.class), row.get("client_id", String.class),
                        row.get("contact_id", String.class), row.get("campaign_slug", String.class),
                        row.get("step_number", Integer.class), row.get("to_id", String.class),
                        row.get("sent_at", java.time.Instant.class), row.get("correlation_id", String.class)))
                .first();
    }
}
