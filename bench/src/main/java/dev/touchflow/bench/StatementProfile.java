package dev.touchflow.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where PostgreSQL spent its time during the backlog's drain (from its due moment), from {@code pg_stat_statements}: the
 * statements by total execution time, with calls and rows, so a tuning step starts from figures.
 */
final class StatementProfile {

    private final Connection jdbc;

    private StatementProfile(Connection jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Makes the extension ready, without counting yet: counting starts at {@link #restart}. The server
     * must have been started with the extension preloaded.
     */
    static StatementProfile prepare(Connection jdbc) throws SQLException {
        try (Statement statement = jdbc.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        }
        return new StatementProfile(jdbc);
    }

    /** Forgets what was counted so far: the report covers what runs from now on. */
    void restart() throws SQLException {
        try (Statement statement = jdbc.createStatement()) {
            statement.execute("SELECT pg_stat_statements_reset()");
            statement.execute("SELECT pg_stat_reset_shared('wal')");
        }
    }

    /** The fifteen costliest statements since {@link #restart}, one line each. */
    String report() throws SQLException {
        StringBuilder report =
                new StringBuilder("PostgreSQL during the backlog's drain (exec ms, calls, rows, statement):\n");
        try (Statement statement = jdbc.createStatement();
                ResultSet wal = statement.executeQuery(
                        "SELECT wal_records, wal_fpi, wal_bytes, wal_write, wal_sync FROM pg_stat_wal")) {
            wal.next();
            report.append(String.format(
                    Locale.ROOT,
                    "WAL: %d records, %d full-page images, %d MB, %d writes, %d syncs%n",
                    wal.getLong("wal_records"),
                    wal.getLong("wal_fpi"),
                    wal.getLong("wal_bytes") / 1_000_000,
                    wal.getLong("wal_write"),
                    wal.getLong("wal_sync")));
        }
        try (Statement statement = jdbc.createStatement();
                ResultSet rows = statement.executeQuery("""
                SELECT round(total_exec_time) AS exec_ms, calls, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 120) AS query
                FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'
                ORDER BY total_exec_time DESC LIMIT 15""")) {
            while (rows.next()) {
                report.append(String.format(
                        Locale.ROOT,
                        "%8d %7d %9d  %s%n",
                        rows.getLong("exec_ms"),
                        rows.getLong("calls"),
                        rows.getLong("rows"),
                        rows.getString("query")));
            }
        }
        return report.toString();
    }

    /**
     * PostgreSQL's settings for the benchmark: {@code pg_stat_statements} loaded when statements are
     * profiled, and any {@code -Dbench.pg.settings=name=value;…}.
     */
    static Map<String, String> serverSettings(boolean statements) {
        Map<String, String> settings = new HashMap<>();
        if (statements) {
            settings.put("shared_preload_libraries", "pg_stat_statements");
        }
        for (String pair : System.getProperty("bench.pg.settings", "").split(";")) {
            if (pair.contains("=")) {
                settings.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        return settings;
    }
}
