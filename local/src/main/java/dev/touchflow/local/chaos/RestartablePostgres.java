package dev.touchflow.local.chaos;

import dev.touchflow.embedded.PostgresServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/** PostgreSQL that the faults stop and start again on its data directory and port. */
final class RestartablePostgres implements Faults.Postgres {

    private final Path directory;
    final int port;
    volatile PostgresServer current;
    private final Map<String, DataSource> sources = new ConcurrentHashMap<>();

    RestartablePostgres(Path directory, int port) {
        this.directory = directory;
        this.port = port;
        this.current = PostgresServer.start(directory, port);
    }

    @Override
    public synchronized void stop() {
        if (current != null) {
            current.close();
            current = null;
            sources.clear();
        }
    }

    @Override
    public synchronized void start() {
        if (current == null) {
            current = PostgresServer.start(directory, port);
        }
    }

    @Override
    public DataSource database(String name) {
        PostgresServer server = current;
        if (server == null) {
            throw new IllegalStateException("PostgreSQL is stopped");
        }
        return sources.computeIfAbsent(name, server::adminDataSource);
    }
}
