package dev.touchflow.replies.imap;

import dev.touchflow.platform.r2dbc.SqlParameters;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** What is kept of each mailbox read: the last UID taken in, and the messages skipped and why. */
@Repository
class MailboxState {

    /** A message a mailbox held that was skipped: too large, or refused as data too many times. */
    record SkippedMessage(
            String clientId,
            String mailbox,
            long uid,
            String messageId,
            long sizeBytes,
            String reason,
            int attempts,
            Instant skippedAt) {}

    private final DatabaseClient db;

    MailboxState(DatabaseClient db) {
        this.db = db;
    }

    /** The last UID taken in from the mailbox under this UIDVALIDITY; 0 when none (or the validity changed). */
    Mono<Long> lastUid(String mailbox, long validity) {
        return db.sql("SELECT last_uid FROM imap_cursors WHERE mailbox = :mailbox AND uid_validity = :validity")
                .bind("mailbox", mailbox)
                .bind("validity", validity)
                .map(row -> row.get("last_uid", Long.class))
                .first()
                .defaultIfEmpty(0L);
    }

    Mono<Void> advance(String mailbox, long validity, long uid) {
        return db.sql("""
                        INSERT INTO imap_cursors (mailbox, uid_validity, last_uid) VALUES (:mailbox, :validity, :uid)
                        ON CONFLICT (mailbox) DO UPDATE SET uid_validity = :validity, last_uid = :uid""")
                .bind("mailbox", mailbox)
                .bind("validity", validity)
                .bind("uid", uid)
                .then();
    }

    /** Records a skipped message once (a second skip of the same UID changes nothing). */
    Mono<Void> skip(
            String clientId,
            String mailbox,
            long validity,
            long uid,
            String messageId,
            long sizeBytes,
            String reason,
            int attempts,
            Instant at) {
        return db.sql("""
                        INSERT INTO skipped_messages (id, client_id, mailbox, uid_validity, uid, message_id, size_bytes, reason,
                            attempts, skipped_at)
                        VALUES (:id, :client, :mailbox, :validity, :uid, :messageId, :size, :reason, :attempts, :at)
                        ON CONFLICT (mailbox, uid_validity, uid) DO NOTHING""")
                .bind("id", UUID.randomUUID())
                .bind("client", clientId)
                .bind("mailbox", mailbox)
                .bind("validity", validity)
                .bind("uid", uid)
                .bind("messageId", Parameter.fromOrEmpty(messageId, String.class))
                .bind("size", sizeBytes)
                .bind("reason", reason)
                .bind("attempts", attempts)
                .bind("at", at)
                .then();
    }

    /** The skipped messages of these clients (all, when null), newest first. */
    Flux<SkippedMessage> skipped(List<String> clients, int limit, int offset) {
        return db.sql("""
                        SELECT client_id, mailbox, uid, message_id, size_bytes, reason, attempts, skipped_at
                        FROM skipped_messages
                        WHERE (:clients::text[] IS NULL OR client_id = ANY(:clients))
                        ORDER BY skipped_at DESC, id LIMIT :limit OFFSET :offset""")
                .bind("clients", SqlParameters.textArray(clients))
                .bind("limit", limit)
                .bind("offset", offset)
                .map(row -> new SkippedMessage(
                        row.get("client_id", String.class),
                        row.get("mailbox", String.class),
                        row.get("uid", Long.class),
                        row.get("message_id", String.class),
                        row.get("size_bytes", Long.class),
                        row.get("reason", String.class),
                        row.get("attempts", Integer.class),
                        row.get("skipped_at", Instant.class)))
                .all();
    }
}
