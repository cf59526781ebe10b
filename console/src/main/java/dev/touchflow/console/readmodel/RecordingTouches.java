package dev.touchflow.console.readmodel;

import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.dispatch.DispatchEvent;
import dev.touchflow.schemas.dispatch.TouchFailed;
import dev.touchflow.schemas.dispatch.TouchSent;
import dev.touchflow.schemas.engagement.Clicked;
import dev.touchflow.schemas.engagement.EngagementEvent;
import dev.touchflow.schemas.engagement.Opened;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Touches as dispatch-service tells them (sent or failed), and their first open by a person and
 * first click. A send's outcome is written once: dispatch publishes exactly one per send.
 */
@Component
class RecordingTouches {

    private final DatabaseClient db;

    RecordingTouches(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> on(DispatchEvent event) {
        EventHeader header = event.getHeader();
        if (event.getPayload() instanceof TouchSent sent) {
            return touch(
                    header,
                    new Step(
                            sent.getSendId(),
                            sent.getEnrollmentId(),
                            sent.getCampaignSlug(),
                            sent.getStepNumber(),
                            sent.getChannel()),
                    new Outcome("sent", sent.getSubject(), sent.getMessageId(), null, sent.getSentAt()));
        }
        if (event.getPayload() instanceof TouchFailed failed) {
            return touch(
                    header,
                    new Step(
                            failed.getSendId(),
                            failed.getEnrollmentId(),
                            failed.getCampaignSlug(),
                            failed.getStepNumber(),
                            failed.getChannel()),
                    new Outcome(
                            "failed",
                            null,
                            failed.getMessageId(),
                            failed.getReason(),
                            failed.getAt() == null ? header.getOccurredAt() : failed.getAt()));
        }
        return Mono.empty();
    }

    Mono<Void> on(EngagementEvent event) {
        if (event.getPayload() instanceof Opened opened && !opened.getMachine()) {
            return db.sql("INSERT INTO opens (send_id, at) VALUES (:send, :at) ON CONFLICT DO NOTHING")
                    .bind("send", opened.getSendId())
                    .bind("at", opened.getAt())
                    .then();
        }
        if (event.getPayload() instanceof Clicked clicked && !clicked.getMachine()) {
            return db.sql("INSERT INTO clicks (send_id, url, at) VALUES (:send, :url, :at) ON CONFLICT DO NOTHING")
                    .bind("send", clicked.getSendId())
                    .bind("url", clicked.getUrl())
                    .bind("at", clicked.getAt())
                    .then();
        }
        return Mono.empty();
    }

    private Mono<Void> touch(EventHeader header, Step step, Outcome outcome) {
        return db.sql("""
                        INSERT INTO touches (send_id, enrollment_id, client_id, contact_id, campaign_slug, step_number,
                                             channel, status, subject, message_id, reason, at)
                        VALUES (:send, :enrollment, :client, :contact, :campaign, :step, :channel, :status, :subject,
                                :messageId, :reason, :at)
                        ON CONFLICT DO NOTHING""")
                .bind("send", step.sendId())
                .bind("enrollment", step.enrollmentId())
                .bind("client", header.getClientId())
                .bind("contact", header.getContactId())
                .bind("campaign", Parameter.fromOrEmpty(step.campaignSlug(), String.class))
                .bind("step", step.number())
                .bind("channel", Parameter.fromOrEmpty(step.channel(), String.class))
                .bind("status", outcome.status())
                .bind("subject", Parameter.fromOrEmpty(outcome.subject(), String.class))
                .bind("messageId", Parameter.fromOrEmpty(outcome.messageId(), String.class))
                .bind("reason", Parameter.fromOrEmpty(outcome.reason(), String.class))
                .bind("at", outcome.at())
                .then();
    }

    /** Which send, of which run and step. */
    private record Step(String sendId, String enrollmentId, String campaignSlug, int number, String channel) {}

    /** How the send ended: sent (with its subject and Message-ID) or failed (with the reason). */
    private record Outcome(String status, String subject, String messageId, String reason, Instant at) {}
}
