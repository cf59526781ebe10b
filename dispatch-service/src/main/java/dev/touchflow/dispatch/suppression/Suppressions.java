package dev.touchflow.dispatch.suppression;

import dev.touchflow.platform.r2dbc.SqlParameters;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The per-client suppression list: unsubscribed, hard-bounced and complained addresses and
 * contacts. Checked at send time; an entry is never removed by the engine.
 */
@Repository
public class Suppressions {

    /** Where a contact is known but not its address, the entry's address stands for the contact. */
    static String contactAddress(String contactId) {
        return "contact:" + contactId;
    }

    private final DatabaseClient db;

    Suppressions(DatabaseClient db) {
        this.db = db;
    }

    /** Adds an entry unless the address is suppressed already; true when added. */
    public Mono<Boolean> suppress(
            String clientId, String address, String contactId, String reason, String source, Instant at) {
        String key = address == null ? contactAddress(contactId) : address.toLowerCase(Locale.ROOT);
        return db.sql("""
                        INSERT INTO suppressions (client_id, address, contact_id, reason, source, at)
                        VALUES (:clientId, :address, :contactId, :reason, :source, :at)
                        ON CONFLICT (client_id, address) DO NOTHING""")
                .bind("clientId", clientId)
                .bind("address", key)
                .bind("contactId", Parameter.fromOrEmpty(contactId, String.class))
                .bind("reason", reason)
                .bind("source", source)
                .bind("at", at)
                .fetch()
                .rowsUpdated()
                .map(added -> added == 1);
    }

    /** Why this address or contact may not be written to, if it may not. */
    public Mono<String> reason(String clientId, String address, String contactId) {
        return db.sql("""
                        SELECT reason, source FROM suppressions
                        WHERE client_id = :clientId AND (address = :address OR contact_id = :contactId)
                        ORDER BY at LIMIT 1""")
                .bind("clientId", clientId)
                .bind("address", address.toLowerCase(Locale.ROOT))
                .bind("contactId", contactId)
                .map(row -> row.get("reason", String.class) + " (" + row.get("source", String.class) + ")")
                .first();
    }

    /**
     * The suppressions of these clients (null: every client) whose address or contact contains
     * {@code search} (any case; null: all), newest first.
     */
    public Flux<Entry> list(List<String> clients, String search, int limit, int offset) {
        return db.sql("""
                        SELECT * FROM suppressions WHERE (:clients::text[] IS NULL OR client_id = ANY(:clients))
                          AND (:pattern::text IS NULL OR address ILIKE :pattern OR contact_id ILIKE :pattern)
                        ORDER BY at DESC, address LIMIT :limit OFFSET :offset""")
                .bind("clients", SqlParameters.textArray(clients))
                .bind("pattern", Parameter.fromOrEmpty(containing(search), String.class))
                .bind("limit", limit)
                .bind("offset", offset)
                .map(Suppressions::entry)
                .all();
    }

    /**
     * Removes the entry of this address, and every other entry of the same contact (the check at send
     * time matches either), answering what was removed. Call it inside the transaction that audits it.
     */
    public Flux<Entry> lift(String clientId, String address) {
        return db.sql("""
                        DELETE FROM suppressions WHERE client_id = :clientId AND (address = :address
                          OR contact_id = (SELECT contact_id FROM suppressions
                                           WHERE client_id = :clientId AND address = :address))
                        RETURNING *""")
                .bind("clientId", clientId)
                .bind("address", address.startsWith("contact:") ? address : address.toLowerCase(Locale.ROOT))
                .map(Suppressions::entry)
                .all();
    }

    /** A LIKE pattern matching text that contains {@code search} literally. */
    static String containing(String search) {
        if (search == null || search.isBlank()) {
            return null;
        }
        String literal =
                search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + literal + "%";
    }

    private static Entry entry(Readable row) {
        return new Entry(
                row.get("client_id", String.class),
                row.get("address", String.class),
                row.get("contact_id", String.class),
                row.get("reason", String.class),
                row.get("source", String.class),
                row.get("at", Instant.class));
    }

    public record Entry(String clientId, String address, String contactId, String reason, String source, Instant at) {}
}
