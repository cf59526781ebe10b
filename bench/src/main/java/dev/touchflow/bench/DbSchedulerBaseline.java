package dev.touchflow.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

/**
 * The library a Java team would otherwise pick: db-scheduler draining the same number of
 * one-time tasks (lock-and-fetch polling, 20 threads, a task body that does nothing) on the same
 * PostgreSQL. Returns tasks executed per second.
 */
final class DbSchedulerBaseline {

    private DbSchedulerBaseline() {}

    static double drainRate(String jdbcUrl, String user, int tasks) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setMaximumPoolSize(25);
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            createTable(dataSource);
            load(dataSource, tasks);
            LongAdder executed = new LongAdder();
            OneTimeTask<Void> task = Tasks.oneTime("bench").execute((instance, context) -> executed.increment());
            Scheduler scheduler = Scheduler.create(dataSource, task)
                    .threads(20)
                    .pollUsingLockAndFetch(0.5, 1.0)
                    .pollingInterval(Duration.ofMillis(100))
                    .build();
            long start = System.nanoTime();
            scheduler.start();
            while (executed.sum() < tasks) {
                Thread.sleep(5);
            }
            long elapsed = System.nanoTime() - start;
            scheduler.stop();
            return tasks / (elapsed / 1e9);
        }
    }

    private static void createTable(HikariDataSource dataSource) throws Exception {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS scheduled_tasks (
                      task_name text NOT NULL, task_instance text NOT NULL, task_data bytea,
                      execution_time timestamp with time zone, picked boolean NOT NULL, picked_by text,
                      last_success timestamp with time zone, last_failure timestamp with time zone,
                      consecutive_failures int, last_heartbeat timestamp with time zone, version bigint NOT NULL,
                      priority smallint, state text, PRIMARY KEY (task_name, task_instance))""");
            statement.execute("CREATE INDEX IF NOT EXISTS execution_time_idx ON scheduled_tasks (execution_time)");
            statement.execute("CREATE INDEX IF NOT EXISTS last_heartbeat_idx ON scheduled_tasks (last_heartbeat)");
            statement.execute(
                    "CREATE INDEX IF NOT EXISTS priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC)");
            statement.execute("TRUNCATE scheduled_tasks");
        }
    }

    private static void load(HikariDataSource dataSource, int tasks) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version, priority)
                VALUES ('bench', ?, ?, false, 1, 0)""")) {
            Timestamp due = Timestamp.from(Instant.now().minusSeconds(1));
            for (int i = 0; i < tasks; i++) {
                insert.setString(1, "task-" + i);
                insert.setTimestamp(2, due);
                insert.addBatch();
                if ((i + 1) % 5000 == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
    }
}
