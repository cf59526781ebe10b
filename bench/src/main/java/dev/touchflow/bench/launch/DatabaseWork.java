package dev.touchflow.bench.launch;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What each service's database did between two snapshots of {@code pg_stat_database}: transactions
 * committed, rows written, and sessions opened, each per contact of the run, so a stage that takes one
 * transaction per event, or opens connections, shows in the figures.
 */
record DatabaseWork(Map<String, long[]> byDatabase) {

    private static final String[] COLUMNS = {"xact_commit", "xact_rollback", "tup_inserted", "tup_updated", "sessions"};

    static DatabaseWork snapshot(DataSource postgres) throws SQLException {
        Map<String, long[]> byDatabase = new LinkedHashMap<>();
        try (Connection connection = postgres.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT datname, " + String.join(", ", COLUMNS)
                        + " FROM pg_stat_database WHERE datname LIKE 'touchflow%' ORDER BY datname")) {
            while (rows.next()) {
                long[] values = new long[COLUMNS.length];
                for (int i = 0; i < COLUMNS.length; i++) {
                    values[i] = rows.getLong(i + 2);
                }
                byDatabase.put(rows.getString(1), values);
            }
        }
        return new DatabaseWork(byDatabase);
    }

    /** Per database, each figure's growth since {@code before} divided by the contacts. */
    Map<String, Object> perContact(DatabaseWork before, int contacts) {
        Map<String, Object> report = new LinkedHashMap<>();
        byDatabase.forEach((database, values) -> {
            long[] earlier = before.byDatabase().getOrDefault(database, new long[COLUMNS.length]);
            Map<String, Object> figures = new LinkedHashMap<>();
            for (int i = 0; i < COLUMNS.length; i++) {
                figures.put(COLUMNS[i], LaunchRun.round((values[i] - earlier[i]) / (double) contacts));
            }
            report.put(database.replace("touchflow_", ""), figures);
        });
        return report;
    }
}
