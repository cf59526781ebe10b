package dev.touchflow.enrollment.enrolling;

import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
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
}
