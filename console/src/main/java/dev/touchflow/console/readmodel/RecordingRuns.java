package dev.touchflow.console.readmodel;

import dev.touchflow.schemas.common.Contact;
import dev.touchflow.schemas.enroll.EnrollContact;
import dev.touchflow.schemas.enrollment.Enrolled;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.enrollment.Exited;
import dev.touchflow.schemas.enrollment.Paused;
import dev.touchflow.schemas.enrollment.Resumed;
import java.time.Instant;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Runs as enrollment-service tells them: enrolled, paused, resumed, exited, and moved on by the exit router.
 * A state change is kept only when it is newer than the one the row has, so a replay changes nothing.
 */
@Component
class RecordingRuns {

    private final DatabaseClient db;

    RecordingRuns(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> on(EnrollmentEvent event) {
        Instant at = event.getHeader().getOccurredAt();
        if (event.getPayload() instanceof Enrolled enrolled) {
            return enrolled(event.getHeader().getClientId(), enrolled);
        }
        if (event.getPayload() instanceof Paused paused) {
            return state(paused.getEnrollmentId(), "paused", null, at);
        }
        if (event.getPayload() instanceof Resumed resumed) {
            return state(resumed.getEnrollmentId(), "running", null, at);
        }
        if (event.getPayload() instanceof Exited exited) {
            return state(exited.getEnrollmentId(), "exited", exited.getReason(), at);
        }
        return Mono.empty();
    }

    /** A run the exit router sends on to its campaign's next one. */
    Mono<Void> on(EnrollContact command) {
        if (command.getPreviousEnrollmentId() == null) {
            return Mono.empty();
        }
        return db.sql("""
                        INSERT INTO moves (from_enrollment_id, to_campaign, at) VALUES (:from, :to, :at)
                        ON CONFLICT DO NOTHING""")
                .bind("from", command.getPreviousEnrollmentId())
                .bind("to", command.getCampaignSlug())
                .bind("at", command.getHeader().getOccurredAt())
                .then();
    }

    private Mono<Void> enrolled(String clientId, Enrolled enrolled) {
        Contact contact = enrolled.getContact();
        String name = Stream.of(contact.getFirstName(), contact.getLastName())
                .filter(part -> part != null && !part.isBlank())
                .collect(Collectors.joining(" "));
        return db.sql("""
                        INSERT INTO runs (enrollment_id, client_id, campaign_slug, campaign_name, contact_id,
                                          contact_name, contact_email, enrolled_by, enrolled_at, state, changed_at)
                        VALUES (:id, :client, :slug, :campaign, :contact, :name, :email, :by, :at, 'running', :at)
                        ON CONFLICT DO NOTHING""")
                .bind("id", enrolled.getEnrollmentId())
                .bind("client", clientId)
                .bind("slug", enrolled.getCampaignSlug())
                .bind("campaign", enrolled.getCampaignName())
                .bind("contact", contact.getId())
                .bind("name", Parameter.fromOrEmpty(name.isEmpty() ? null : name, String.class))
                .bind("email", contact.getEmail())
                .bind("by", enrolled.getEnrolledBy())
                .bind("at", enrolled.getEnrolledAt())
                .then();
    }

    private Mono<Void> state(String enrollmentId, String state, String reason, Instant at) {
        // an exit is final; a pause or a resume older than what the row shows is already overtaken
        return db.sql("""
                        UPDATE runs SET state = :state, exit_reason = :reason, changed_at = :at
                        WHERE enrollment_id = :id AND state <> 'exited' AND changed_at <= :at""")
                .bind("id", enrollmentId)
                .bind("state", state)
                .bind("reason", Parameter.fromOrEmpty(reason, String.class))
                .bind("at", at)
                .then();
    }
}
