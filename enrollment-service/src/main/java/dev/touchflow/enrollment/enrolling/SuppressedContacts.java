package dev.touchflow.enrollment.enrolling;

import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The addresses of a client never to be enrolled again, and why. */
@Repository
class SuppressedContacts {

    private final DatabaseClient db;

    SuppressedContacts(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> suppress(String clientId, String email, String reason, Instant at) {
        return db.sql("""
                        INSERT INTO suppressed_contacts (client_id, email, reason, suppressed_at)
                        VALUES (:clientId, lower(:email), :reason, :at) ON CONFLICT DO NOTHING""")
                .bind("clientId", clientId)
                .bind("email", email)
                .bind("reason", reason)
                .bind("at", at)
                .then();
    }

    Mono<String> suppression(String clientId, String email) {
        return db.sql("SELECT reason FROM suppressed_contacts WHERE client_id = :clientId AND email = lower(:email)")
                .bind("clientId", clientId)
                .bind("email", email)
                .map(row -> row.get("reason", String.class))
                .first();
    }

    /**
     * Removes the suppression of an address, or of every address the contact was enrolled with (dispatch
     * names a contact {@code contact:<id>} where it knows no address), answering what was removed. Call it
     * inside the transaction that audits it.
     */
    Flux<Lifted> lift(String clientId, String address) {
        String contactId = address.startsWith("contact:") ? address.substring("contact:".length()) : null;
        return db.sql("""
                        DELETE FROM suppressed_contacts WHERE client_id = :clientId AND (email = lower(:address)
                          OR email IN (SELECT lower(contact->>'email') FROM campaign_contacts
                                       WHERE client_id = :clientId AND contact_id = :contactId))
                        RETURNING email, reason, suppressed_at""")
                .bind("clientId", clientId)
                .bind("address", address)
                .bind("contactId", Parameter.fromOrEmpty(contactId, String.class))
                .map(row -> new Lifted(
                        clientId,
                        row.get("email", String.class),
                        row.get("reason", String.class),
                        row.get("suppressed_at", Instant.class)))
                .all();
    }

    record Lifted(String clientId, String email, String reason, Instant suppressedAt) {}
}
