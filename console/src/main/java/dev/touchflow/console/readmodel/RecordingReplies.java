package dev.touchflow.console.readmodel;

import dev.touchflow.schemas.replies.ReplyClassified;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Replies as reply-classifier-service labels them. A person's relabelling comes as a later event for the
 * same reply and replaces the label; an event older than the row's is already overtaken.
 */
@Component
class RecordingReplies {

    private final DatabaseClient db;

    RecordingReplies(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> on(ReplyClassified reply) {
        return db.sql("""
                        INSERT INTO replies (reply_id, client_id, contact_id, enrollment_id, in_reply_to, label,
                                             confidence, decided_by, at)
                        VALUES (:reply, :client, :contact, :enrollment, :inReplyTo, :label, :confidence, :decidedBy,
                                :at)
                        ON CONFLICT (reply_id) DO UPDATE
                            SET label = excluded.label, confidence = excluded.confidence,
                                decided_by = excluded.decided_by, at = excluded.at
                            WHERE replies.at <= excluded.at""")
                .bind("reply", reply.getReplyId())
                .bind("client", reply.getHeader().getClientId())
                .bind("contact", reply.getHeader().getContactId())
                .bind("enrollment", Parameter.fromOrEmpty(reply.getEnrollmentId(), String.class))
                .bind("inReplyTo", Parameter.fromOrEmpty(reply.getInReplyTo(), String.class))
                .bind("label", reply.getLabel())
                .bind("confidence", reply.getConfidence())
                .bind("decidedBy", reply.getDecidedBy())
                .bind("at", reply.getHeader().getOccurredAt())
                .then();
    }
}
