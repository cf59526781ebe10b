package dev.touchflow.local.chaos;

import dev.touchflow.local.TableRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;

/** A run's rows in the services' databases: its contacts' enrollments, drafts, sends and suppressions. */
final class RunTables {

    static final List<String> DATABASES = List.of(
            "touchflow_enrollment",
            "touchflow_sequencer",
            "touchflow_drafting",
            "touchflow_dispatch",
            "touchflow_replies");

    private final String prefix;
    private final Function<String, DataSource> databases;

    RunTables(String prefix, Function<String, DataSource> databases) {
        this.prefix = prefix;
        this.databases = databases;
    }

    /** A send as dispatch-service's queue has it. */
    record SendRow(
            String id,
            String draftId,
            String to,
            String campaign,
            int step,
            String status,
            String messageId,
            String reason,
            Instant claimedAt) {}

    int enrollments() throws SQLException {
        return count("touchflow_enrollment", "SELECT count(*) FROM campaign_contacts WHERE contact_id LIKE ?");
    }

    List<SendRow> sends() throws SQLException {
        List<SendRow> rows = new ArrayList<>();
        try (Connection connection = databases.apply("touchflow_dispatch").getConnection();
                PreparedStatement query = connection.prepareStatement("""
                     SELECT id, draft_id, to_id, campaign_slug, step_number, status, message_id, last_error, claimed_at
                     FROM sales_send_queue WHERE contact_id LIKE ?""")) {
            query.setString(1, prefix + "-%");
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    Timestamp claimed = row.getTimestamp(9);
                    rows.add(new SendRow(
                            row.getString(1),
                            row.getString(2),
                            row.getString(3).toLowerCase(Locale.ROOT),
                            row.getString(4),
                            row.getInt(5),
                            row.getString(6),
                            row.getString(7),
                            row.getString(8),
                            claimed == null ? null : claimed.toInstant()));
                }
            }
        }
        return rows;
    }

    Set<String> approvedDrafts() throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection connection = databases.apply("touchflow_drafting").getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT id FROM drafts WHERE status = 'approved' AND contact_id LIKE ?")) {
            query.setString(1, prefix + "-%");
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    ids.add(row.getString(1));
                }
            }
        }
        return ids;
    }

    /** When each suppressed address of the run was suppressed. */
    Map<String, Instant> suppressedAt() throws SQLException {
        Map<String, Instant> suppressedAt = new HashMap<>();
        try (Connection connection = databases.apply("touchflow_dispatch").getConnection();
                PreparedStatement query =
                        connection.prepareStatement("SELECT address, at FROM suppressions WHERE contact_id LIKE ?")) {
            query.setString(1, prefix + "-%");
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    suppressedAt.put(
                            row.getString(1).toLowerCase(Locale.ROOT),
                            row.getTimestamp(2).toInstant());
                }
            }
        }
        return suppressedAt;
    }

    long outboxUnpublished() throws SQLException {
        long total = 0;
        for (String database : DATABASES) {
            try (Connection connection = databases.apply(database).getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet row =
                            statement.executeQuery("SELECT (SELECT count(*) FROM outbox WHERE published_at IS NULL)"
                                    + " + (SELECT count(*) FROM outbox_quarantine)")) {
                row.next();
                total += row.getLong(1);
            }
        }
        return total;
    }

    /** A count over one service's table, of this run's contacts (the one parameter is their id pattern). */
    private int count(String database, String sql) throws SQLException {
        try (Connection connection = databases.apply(database).getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, prefix + "-%");
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    /** The number of rows in every table of every service, to compare before and after a replay. */
    Map<String, Long> rowCounts() throws SQLException {
        return TableRows.count(DATABASES, databases);
    }
}
