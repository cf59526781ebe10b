package dev.touchflow.dispatch.send;

import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * The enrollments that send nothing more, as the enrollment topic has said: paused until resumed,
 * exited for good. An exit is never lifted, and a pause never replaces an exit.
 */
@Repository
class EnrollmentHolds {

    private final DatabaseClient db;

    EnrollmentHolds(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> pause(UUID enrollmentId, String reason, Instant at) {
        return db.sql("""
                        INSERT INTO enrollment_holds (enrollment_id, reason, final, held_at) VALUES (:id, :reason, false, :at)
                        ON CONFLICT (enrollment_id) DO UPDATE SET reason = EXCLUDED.reason, held_at = EXCLUDED.held_at
                        WHERE NOT enrollment_holds.final""")
                .bind("id", enrollmentId)
                .bind("reason", reason)
                .bind("at", at)
                .then();
    }

    Mono<Void> exit(UUID enrollmentId, String reason, Instant at) {
        return db.sql("""
                        INSERT INTO enrollment_holds (enrollment_id, reason, final, held_at) VALUES (:id, :reason, true, :at)
                        ON CONFLICT (enrollment_id) DO UPDATE SET reason = EXCLUDED.reason, final = true,
                            held_at = EXCLUDED.held_at""")
                .bind("id", enrollmentId)
                .bind("reason", reason)
                .bind("at", at)
                .then();
    }

    Mono<Void> resume(UUID enrollmentId) {
        return db.sql("DELETE FROM enrollment_holds WHERE enrollment_id = :id AND NOT final")
                .bind("id", enrollmentId)
                .then();
    }
}
