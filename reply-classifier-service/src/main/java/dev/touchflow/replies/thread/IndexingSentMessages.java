package dev.touchflow.replies.thread;

import dev.touchflow.platform.tracing.Traces;
import dev.touchflow.schemas.dispatch.DispatchEvent;
import dev.touchflow.schemas.dispatch.TouchFailed;
import dev.touchflow.schemas.dispatch.TouchSent;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** Keeps the index of every Message-ID sent, so a reply's In-Reply-To finds its touch. */
@Service
public class IndexingSentMessages {

    private final DatabaseClient db;
    private final Traces traces;

    IndexingSentMessages(DatabaseClient db, Traces traces) {
        this.db = db;
        this.traces = traces;
    }

    /**
     * Indexes a touch that left, or that may have left (cut off while the server may have taken it: a
     * reply to it is still an answer, an opt-out above all); returns its Message-ID, or nothing for any
     * other event.
     */
    public Mono<String> on(DispatchEvent event) {
        Outgoing outgoing = Outgoing.of(event.getPayload());
        if (outgoing == null) {
            return Mono.empty();
        }
        return Mono.deferContextual(context -> db.sql("""
                        INSERT INTO sent_messages (message_id, send_id, enrollment_id, client_id, contact_id,
                            campaign_slug, step_number, to_id, sent_at, correlation_id, traceparent)
                        VALUES (:messageId, :sendId, :enrollmentId, :clientId, :contactId, :slug, :step, :toId, :sentAt,
                            :correlationId, :traceparent)
                        ON CONFLICT (message_id) DO NOTHING""")
                .bind(
                        "traceparent",
                        Parameter.fromOrEmpty(traces.current(context).orElse(null), String.class))
                .bind("messageId", outgoing.messageId())
                .bind("sendId", UUID.fromString(outgoing.sendId()))
                .bind("enrollmentId", UUID.fromString(outgoing.enrollmentId()))
                .bind("clientId", event.getHeader().getClientId())
                .bind("contactId", event.getHeader().getContactId())
                .bind("slug", outgoing.campaignSlug())
                .bind("step", outgoing.stepNumber())
                .bind("toId", outgoing.toId())
                .bind("sentAt", outgoing.at())
                .bind("correlationId", event.getHeader().getCorrelationId())
                .then()
                .thenReturn(outgoing.messageId()));
    }

    /** What a reply could answer: a message with its Message-ID that left, or may have. */
    private record Outgoing(
            String messageId,
            String sendId,
            String enrollmentId,
            String campaignSlug,
            int stepNumber,
            String toId,
            Instant at) {

        static Outgoing of(Object payload) {
            if (payload instanceof TouchSent sent && sent.getMessageId() != null) {
                return new Outgoing(
                        sent.getMessageId(),
                        sent.getSendId(),
                        sent.getEnrollmentId(),
                        sent.getCampaignSlug(),
                        sent.getStepNumber(),
                        sent.getToId(),
                        sent.getSentAt());
            }
            if (payload instanceof TouchFailed failed
                    && failed.getMayHaveLeft()
                    && failed.getMessageId() != null
                    && failed.getCampaignSlug() != null
                    && failed.getToId() != null
                    && failed.getAt() != null) {
                return new Outgoing(
                        failed.getMessageId(),
                        failed.getSendId(),
                        failed.getEnrollmentId(),
                        failed.getCampaignSlug(),
                        failed.getStepNumber(),
                        failed.getToId(),
                        failed.getAt());
            }
            return null;
        }
    }
}
