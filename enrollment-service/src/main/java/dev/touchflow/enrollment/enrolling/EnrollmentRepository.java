package dev.touchflow.enrollment.enrolling;

import dev.touchflow.enrollment.campaign.ContactDetails;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

@Repository
public class EnrollmentRepository {

    private static final String SELECT = """
            SELECT e.id, e.client_id, e.contact, e.campaign_id, c.slug, e.campaign_version, e.status, e.enrolled_by,
                   e.enrolled_at, e.exited_at, e.exit_reason, e.goal, e.notes, e.correlation_id, e.chain
            FROM campaign_contacts e JOIN campaigns c ON c.id = e.campaign_id""";

    private final DatabaseClient db;
    private final JsonMapper json;

    EnrollmentRepository(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /** Inserts the enrollment unless the contact already runs through that campaign; true when inserted. */
    Mono<Boolean> addUnlessRunning(Enrollment enrollment) {
        return db.sql("""
                        INSERT INTO campaign_contacts (id, client_id, contact_id, contact, campaign_id, campaign_version,
                            enrolled_by, enrolled_at, goal, notes, correlation_id, chain)
                        VALUES (:id, :clientId, :contactId, :contact, :campaignId, :version, :enrolledBy, :enrolledAt,
                            :goal, :notes, :correlationId, :chain)
                        ON CONFLICT (client_id, contact_id, campaign_id) WHERE status <> 'exited' DO NOTHING""")
                .bind("id", enrollment.id())
                .bind("clientId", enrollment.clientId())
                .bind("contactId", enrollment.contact().id())
                .bind("contact", Json.of(json.writeValueAsString(enrollment.contact())))
                .bind("campaignId", enrollment.campaignId())
                .bind("version", enrollment.campaignVersion())
                .bind("enrolledBy", enrollment.enrolledBy())
                .bind("enrolledAt", enrollment.enrolledAt())
                .bind("goal", Parameter.fromOrEmpty(enrollment.goal(), String.class))
                .bind("notes", Parameter.fromOrEmpty(enrollment.notes(), String.class))
                .bind("correlationId", enrollment.correlationId())
                .bind("chain", enrollment.chain().toArray(String[]::new))
                .fetch()
                .rowsUpdated()
                .map(inserted -> inserted == 1);
    }

    public Mono<Enrollment> find(UUID id) {
        return db.sql(SELECT + " WHERE e.id = :id")
                .bind("id", id)
                .map(this::toEnrollment)
                .first();
    }

    /** Exits a running enrollment; empty when it had exited already. */
    Mono<Enrollment> exit(UUID id, String reason, Instant at) {
        return db.sql("""
                        UPDATE campaign_contacts SET status = 'exited', exit_reason = :reason, exited_at = :at
                        WHERE id = :id AND status <> 'exited'""")
                .bind("id", id)
                .bind("reason", reason)
                .bind("at", at)
                .fetch()
                .rowsUpdated()
                .filter(updated -> updated == 1)
                .flatMap(updated -> find(id));
    }

    /** Moves the enrollment from one status to another; whatever reply held it no longer does. */
    Mono<Boolean> setStatus(UUID id, String from, String to) {
        return db.sql(
                        "UPDATE campaign_contacts SET status = :to, held_for_reply = NULL WHERE id = :id AND status = :from")
                .bind("id", id)
                .bind("from", from)
                .bind("to", to)
                .fetch()
                .rowsUpdated()
                .map(updated -> updated == 1);
    }

    /** Pauses a running enrollment until a person labels the reply; false if it was not running. */
    Mono<Boolean> holdFor(UUID id, String replyId) {
        return db.sql(
                        "UPDATE campaign_contacts SET status = 'paused', held_for_reply = :reply WHERE id = :id AND status = 'active'")
                .bind("id", id)
                .bind("reply", replyId)
                .fetch()
                .rowsUpdated()
                .map(updated -> updated == 1);
    }

    /**
     * Ends the hold this reply put on the enrollment: resumes it ({@code resume}) or leaves it paused for a
     * person; true if this reply was what held it.
     */
    Mono<Boolean> release(UUID id, String replyId, boolean resume) {
        return db.sql("UPDATE campaign_contacts SET status = " + (resume ? "'active'" : "status")
                        + ", held_for_reply = NULL "
                        + "WHERE id = :id AND status = 'paused' AND held_for_reply = :reply")
                .bind("id", id)
                .bind("reply", replyId)
                .fetch()
                .rowsUpdated()
                .map(updated -> updated == 1);
    }

    Flux<Enrollment> runningOf(String clientId, String contactId) {
        return db.sql(SELECT + " WHERE e.client_id = :clientId AND e.contact_id = :contactId AND e.status <> 'exited'")
                .bind("clientId", clientId)
                .bind("contactId", contactId)
                .map(this::toEnrollment)
                .all();
    }

    /**
     * The active enrollments of the contact's colleagues in the campaign: other contacts of the same
     * client with the same CRM company id, or (when {@code domain} is given) the same email domain.
     */
    Flux<Enrollment> activeColleagues(
            UUID campaignId, String clientId, String contactId, String companyId, String domain) {
        return db.sql(SELECT + " " + """
                         WHERE e.campaign_id = :campaignId AND e.client_id = :clientId AND e.status = 'active'
                           AND e.contact_id <> :contactId
                           AND ((:companyId::text IS NOT NULL AND e.contact->>'company_id' = :companyId)
                             OR (:domain::text IS NOT NULL AND lower(split_part(e.contact->>'email', '@', 2)) = :domain))
                         ORDER BY e.enrolled_at, e.id""")
                .bind("campaignId", campaignId)
                .bind("clientId", clientId)
                .bind("contactId", contactId)
                .bind("companyId", Parameter.fromOrEmpty(companyId, String.class))
                .bind("domain", Parameter.fromOrEmpty(domain, String.class))
                .map(this::toEnrollment)
                .all();
    }

    public Flux<Enrollment> ofCampaign(String slug, String status, int limit, int offset) {
        String where = status == null ? "" : " AND e.status = :status";
        DatabaseClient.GenericExecuteSpec spec = db.sql(SELECT + " WHERE c.slug = :slug" + where
                        + " ORDER BY e.enrolled_at, e.id LIMIT :limit OFFSET :offset")
                .bind("slug", slug)
                .bind("limit", limit)
                .bind("offset", offset);
        return (status == null ? spec : spec.bind("status", status))
                .map(this::toEnrollment)
                .all();
    }

    private Enrollment toEnrollment(Readable row) {
        return new Enrollment(
                row.get("id", UUID.class),
                row.get("client_id", String.class),
                json.readValue(row.get("contact", Json.class).asString(), ContactDetails.class),
                row.get("campaign_id", UUID.class),
                row.get("slug", String.class),
                row.get("campaign_version", Integer.class),
                row.get("status", String.class),
                row.get("enrolled_by", String.class),
                row.get("enrolled_at", Instant.class),
                row.get("exited_at", Instant.class),
                row.get("exit_reason", String.class),
                row.get("goal", String.class),
                row.get("notes", String.class),
                row.get("correlation_id", String.class),
                Arrays.asList(row.get("chain", String[].class)));
    }
}
