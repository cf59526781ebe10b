package dev.touchflow.dispatch.send;

import io.r2dbc.spi.Readable;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The sends that are due, and one of them locked for admission with everything admission reads
 * about it in the same statement: the suppression that stops it, the hold of its enrollment, the
 * mailbox its contact was assigned, the thread it continues. One round trip instead of four.
 */
@Repository
class DueSends {

    private final DatabaseClient db;

    DueSends(DatabaseClient db) {
        this.db = db;
    }

    /** The ids of pending sends that are due, oldest first; each is then admitted in its own transaction. */
    Flux<Due> due(Instant now, int limit) {
        return db.sql("""
                        SELECT id, enrollment_id FROM sales_send_queue WHERE status = 'pending' AND not_before <= :now
                        ORDER BY not_before, id LIMIT :limit""")
                .bind("now", now)
                .bind("limit", limit)
                .map(row -> new Due(row.get("id", UUID.class), row.get("enrollment_id", UUID.class)))
                .all();
    }

    /** A send that is due, and the enrollment whose order it keeps. */
    record Due(UUID id, UUID enrollmentId) {}

    /**
     * Locks a pending, due send for this transaction; empty when another instance has it or it moved
     * on. The thread is the Message-IDs of the enrollment's emails sent before this step, oldest
     * first, from the last one that started a new thread; empty for a send that starts one.
     */
    Mono<Locked> lock(UUID id, Instant now) {
        return db.sql("""
                        SELECT q.*, lower(q.to_id) AS lowered_to,
                            (SELECT s.reason || ' (' || s.source || ')' FROM suppressions s
                             WHERE s.client_id = q.client_id AND (s.address = lower(q.to_id) OR s.contact_id = q.contact_id)
                             ORDER BY s.at LIMIT 1) AS suppressed,
                            (SELECT h.reason FROM enrollment_holds h WHERE h.enrollment_id = q.enrollment_id) AS held,
                            (SELECT c.mailbox FROM contact_mailboxes c
                             WHERE c.client_id = q.client_id AND c.contact_id = q.contact_id) AS assigned_mailbox,
                            ARRAY(SELECT t.message_id || CASE WHEN t.new_thread THEN ' new' ELSE '' END
                                  FROM sales_send_queue t
                                  WHERE t.enrollment_id = q.enrollment_id AND t.step_number < q.step_number
                                    AND t.channel = 'email' AND t.status = 'sent' AND t.message_id IS NOT NULL
                                    AND NOT q.new_thread
                                  ORDER BY t.step_number) AS earlier
                        FROM sales_send_queue q WHERE q.id = :id AND q.status = 'pending' AND q.not_before <= :now
                        FOR UPDATE OF q SKIP LOCKED""")
                .bind("id", id)
                .bind("now", now)
                .map(row -> new Locked(
                        SendRows.toSend(row),
                        signedFields(row),
                        new Known(
                                row.get("lowered_to", String.class),
                                row.get("suppressed", String.class),
                                row.get("held", String.class),
                                row.get("assigned_mailbox", String.class)),
                        thread(row.get("earlier", String[].class))))
                .first();
    }

    /**
     * A locked send, with the fields of its approval that are checked against the signature before it
     * goes, what is known of its contact, and the thread it continues.
     */
    record Locked(Send send, SendRepository.SignedFields signed, Known known, List<String> thread) {}

    /**
     * @param loweredTo  the recipient as PostgreSQL lowers it, the form the suppression was matched in
     * @param suppressed why the contact may not be written to, if the suppression list says so
     * @param held       why the send's enrollment sends nothing more, if it paused or exited
     * @param mailbox    the mailbox the contact was assigned by an earlier touch, if any
     */
    record Known(String loweredTo, String suppressed, String held, String mailbox) {}

    /** Message-IDs from the last one that started a thread ({@code "<id> new"}), oldest first. */
    private static List<String> thread(String[] earlier) {
        List<String> thread = new ArrayList<>();
        for (String message : earlier == null ? new String[0] : earlier) {
            if (message.endsWith(" new")) {
                thread.clear();
                thread.add(message.substring(0, message.length() - " new".length()));
            } else {
                thread.add(message);
            }
        }
        return thread;
    }

    private static SendRepository.SignedFields signedFields(Readable row) {
        ByteBuffer signature = row.get("signature", ByteBuffer.class);
        byte[] bytes = null;
        if (signature != null) {
            bytes = new byte[signature.remaining()];
            signature.get(bytes);
        }
        return new SendRepository.SignedFields(
                row.get("draft_version", Integer.class),
                row.get("campaign_version", Integer.class),
                row.get("approved_at", Instant.class),
                bytes,
                row.get("signing_key_id", String.class));
    }
}
