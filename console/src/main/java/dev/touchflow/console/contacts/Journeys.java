package dev.touchflow.console.contacts;

import dev.touchflow.platform.r2dbc.SqlParameters;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/** A contact's runs, touches and replies across campaigns, from the read model, within the person's clients. */
@Component
public class Journeys {

    /** A run of the contact in one campaign. */
    public record Run(
            String enrollmentId,
            String clientId,
            String contactId,
            String contactName,
            String contactEmail,
            String campaignSlug,
            String campaignName,
            Instant enrolledAt,
            String state,
            String exitReason,
            String movedTo) {}

    /** A touch that left or failed, and whether a person opened it or clicked in it. */
    public record Touch(
            String enrollmentId,
            int stepNumber,
            String channel,
            String status,
            String subject,
            String reason,
            Instant at,
            boolean opened,
            boolean clicked) {}

    /** A reply, with its label and how sure the classifier was, or the person who decided it. */
    public record Reply(String enrollmentId, String label, double confidence, String decidedBy, Instant at) {}

    private final DatabaseClient db;

    Journeys(DatabaseClient db) {
        this.db = db;
    }

    /** The runs whose contact's id, email or name holds {@code text}, newest first. */
    Flux<Run> find(String text, List<String> clients) {
        return runs("""
                        (r.contact_id ILIKE :text OR r.contact_email ILIKE :text OR r.contact_name ILIKE :text)""")
                .bind("text", "%" + text.replace("%", "").replace("_", "\\_") + "%")
                .bind("clients", SqlParameters.textArray(clients))
                .map((row, meta) -> run(row))
                .all();
    }

    Flux<Run> runsOf(String client, String contact, List<String> clients) {
        return runs("r.client_id = :client AND r.contact_id = :contact")
                .bind("client", client)
                .bind("contact", contact)
                .bind("clients", SqlParameters.textArray(clients))
                .map((row, meta) -> run(row))
                .all();
    }

    Flux<Touch> touchesOf(String client, String contact, List<String> clients) {
        return db.sql("""
                        SELECT t.enrollment_id, t.step_number, t.channel, t.status, t.subject, t.reason, t.at,
                               o.send_id IS NOT NULL AS opened, c.send_id IS NOT NULL AS clicked
                        FROM touches t
                        LEFT JOIN opens o ON o.send_id = t.send_id
                        LEFT JOIN clicks c ON c.send_id = t.send_id
                        WHERE t.client_id = :client AND t.contact_id = :contact
                          AND (:clients::text[] IS NULL OR t.client_id = ANY(:clients))
                        ORDER BY t.at""")
                .bind("client", client)
                .bind("contact", contact)
                .bind("clients", SqlParameters.textArray(clients))
                .map(row -> new Touch(
                        row.get("enrollment_id", String.class),
                        row.get("step_number", Integer.class),
                        row.get("channel", String.class),
                        row.get("status", String.class),
                        row.get("subject", String.class),
                        row.get("reason", String.class),
                        row.get("at", Instant.class),
                        Boolean.TRUE.equals(row.get("opened", Boolean.class)),
                        Boolean.TRUE.equals(row.get("clicked", Boolean.class))))
                .all();
    }

    Flux<Reply> repliesOf(String client, String contact, List<String> clients) {
        return db.sql("""
                        SELECT enrollment_id, label, confidence, decided_by, at FROM replies
                        WHERE client_id = :client AND contact_id = :contact
                          AND (:clients::text[] IS NULL OR client_id = ANY(:clients))
                        ORDER BY at""")
                .bind("client", client)
                .bind("contact", contact)
                .bind("clients", SqlParameters.textArray(clients))
                .map(row -> new Reply(
                        row.get("enrollment_id", String.class),
                        row.get("label", String.class),
                        row.get("confidence", Double.class),
                        row.get("decided_by", String.class),
                        row.get("at", Instant.class)))
                .all();
    }

    private DatabaseClient.GenericExecuteSpec runs(String where) {
        return db.sql("""
                SELECT r.*, m.to_campaign FROM runs r LEFT JOIN moves m ON m.from_enrollment_id = r.enrollment_id
                WHERE %s AND (:clients::text[] IS NULL OR r.client_id = ANY(:clients))
                ORDER BY r.enrolled_at DESC LIMIT 100""".formatted(where));
    }

    private static Run run(Readable row) {
        return new Run(
                row.get("enrollment_id", String.class),
                row.get("client_id", String.class),
                row.get("contact_id", String.class),
                row.get("contact_name", String.class),
                row.get("contact_email", String.class),
                row.get("campaign_slug", String.class),
                row.get("campaign_name", String.class),
                row.get("enrolled_at", Instant.class),
                row.get("state", String.class),
                row.get("exit_reason", String.class),
                row.get("to_campaign", String.class));
    }
}
