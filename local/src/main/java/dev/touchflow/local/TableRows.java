package dev.touchflow.local;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import javax.sql.DataSource;

/** The row count of every table of the services' databases, to show that a replay wrote nothing. */
public final class TableRows {

    private TableRows() {}

    /** {@code database.table} → rows, for each table of each database but Flyway's history. */
    public static Map<String, Long> count(List<String> databases, Function<String, DataSource> connect)
            throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        for (String database : databases) {
            try (Connection connection = connect.apply(database).getConnection();
                    Statement statement = connection.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet names =
                        statement.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                                + " AND tablename <> 'flyway_schema_history'")) {
                    while (names.next()) {
                        tables.add(names.getString(1));
                    }
                }
                for (String table : tables) {
                    try (ResultSet count = statement.executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
                        count.next();
                        counts.put(database + "." + table, count.getLong(1));
                    }
                }
            }
        }
        return counts;
    }

    /** The tables whose count differs, as {@code before -> after}. */
    public static Map<String, String> changed(Map<String, Long> before, Map<String, Long> after) {
        Map<String, String> changed = new TreeMap<>();
        after.forEach((table, rows) -> {
            Long earlier = before.get(table);
            if (!rows.equals(earlier)) {
                changed.put(table, earlier + " -> " + rows);
            }
        });
        return changed;
    }
}
