package dev.touchflow.local.chaos;

import dev.touchflow.local.Pause;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The sends kills of dispatch-service left {@code sending}: each may have left, so each may end {@code unknown}. */
final class CutOffSends {

    private static final Logger log = LoggerFactory.getLogger(CutOffSends.class);

    private final Faults.Postgres postgres;
    private final Set<String> cutOffSends = ConcurrentHashMap.newKeySet();

    CutOffSends(Faults.Postgres postgres) {
        this.postgres = postgres;
    }

    /** The sends dispatch left {@code sending} when it died: read before it is back, so no new one is among them. */
    void note() {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection connection = postgres.database("touchflow_dispatch").getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet rows =
                            statement.executeQuery("SELECT id FROM sales_send_queue WHERE status = 'sending'")) {
                while (rows.next()) {
                    cutOffSends.add(rows.getString(1));
                }
                return;
            } catch (SQLException | RuntimeException down) {
                Pause.of(Duration.ofMillis(500));
            }
        }
        log.warn("chaos: could not read the sends cut off by a kill of dispatch-service");
    }

    /** How many sends were left {@code sending} by kills: the most that may honestly end {@code unknown}. */
    int count() {
        return cutOffSends.size();
    }
}
