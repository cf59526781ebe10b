package dev.touchflow.enrollment.enrolling;

import java.time.Instant;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Why an enroll command was not carried out, kept per contact. */
@Repository
class EnrollmentRefusals {

    private final DatabaseClient db;

    EnrollmentRefusals(DatabaseClient db) {
        this.db = db;
    }

    public Flux<Map<String, Object>> refusals(String clientId, String contactId) {
        return db.sql("""
                        SELECT campaign_slug, reason, enrolled_by, refused_at FROM enrollment_refusals
                        WHERE client_id = :clientId AND contact_id = :contactId ORDER BY id""")
                .bind("clientId", clientId)
                .bind("contactId", contactId)
                .map(row -> Map.<String, Object>of(
                        "campaign_slug",
                        row.get("campaign_slug", String.class),
                        "reason",
                        row.get("reason", String.class),
                        "enrolled_by",
                        row.get("enrolled_by", String.class),
                        "refused_at",
                        row.get("refused_at", Instant.class)))
                .all();
    }

    Mono<Void> refuse(String clientId, String contactId, String slug, String reason, String enrolledBy, Instant at) {
        return db.sql("""
                        INSERT INTO enrollment_refusals (client_id, contact_id, campaign_slug, reason, enrolled_by, refused_at)
                        VALUES (:clientId, :contactId, :slug, :reason, :enrolledBy, :at)""")
                .bind("clientId", clientId)
                .bind("contactId", contactId)
                .bind("slug", slug)
                .bind("reason", reason)
                .bind("enrolledBy", enrolledBy)
                .bind("at", at)
                .then();
    }
}
