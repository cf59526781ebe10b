package dev.touchflow.local.workload;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;

/** Where a contact's enrollments stand, read from enrollment-service's table, as a run's checks need it. */
public final class EnrollmentLookup {

    /** An enrollment's id, status and exit reason. */
    public record Row(UUID id, String status, String exitReason) {}

    private final Supplier<DataSource> database;

    EnrollmentLookup(Supplier<DataSource> database) {
        this.database = database;
    }

    /** A contact's latest enrollment in a campaign; empty when there is none or the database is down. */
    public Optional<Row> latest(ScriptedContact contact, String campaign) {
        try (Connection connection = database.get().getConnection();
                PreparedStatement query = connection.prepareStatement("""
                     SELECT e.id, e.status, e.exit_reason FROM campaign_contacts e JOIN campaigns c ON c.id = e.campaign_id
                     WHERE e.client_id = ? AND e.contact_id = ? AND c.slug = ? ORDER BY e.enrolled_at DESC LIMIT 1""")) {
            query.setString(1, Workload.CLIENT);
            query.setString(2, contact.id);
            query.setString(3, campaign);
            try (ResultSet row = query.executeQuery()) {
                return row.next()
                        ? Optional.of(new Row(row.getObject(1, UUID.class), row.getString(2), row.getString(3)))
                        : Optional.empty();
            }
        } catch (SQLException | RuntimeException down) {
            return Optional.empty();
        }
    }
}
