package dev.touchflow.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;

/**
 * A real PostgreSQL server from zonky's embedded binaries, with its data directory kept between
 * starts. Each service gets a database of its own on it.
 */
public final class PostgresServer implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static PostgresServer start(Path dataDirectory, int port) {
        return start(dataDirectory, port, Map.of());
    }

    /** Starts with more server settings, such as {@code shared_preload_libraries} for a profile. */
    public static PostgresServer start(Path dataDirectory, int port, Map<String, String> settings) {
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "on")
                    // Checkpoints a few GB of WAL apart, as deploy/ advises for production: with the default 1 GB, a
                    // sequencer firing 10,000 steps a second checkpoints every 13 s, and each checkpoint's sync stalls
                    // every statement for 100 to 200 ms. The WAL stays in the data directory, up to this size.
                    .setServerConfig("max_wal_size", "4GB")
                    // A buffer cache that holds a million timers with their indexes (about 600 MB): with the default
                    // 128 MB, the backends evict dirty pages themselves and read them back (pwrite and pread took 9.5 %
                    // of the box in the sequencer's benchmark). PostgreSQL maps it up front but only touches what it
                    // uses.
                    .setServerConfig("shared_buffers", "1GB")
                    // New WAL files are not filled with zeros first. A fresh cluster (every test JVM and benchmark run
                    // starts one) has no old WAL files to recycle, so each 16 MB file the sequencer fills was first
                    // written as zeros: the WAL writer's main work, a tenth of the box in the benchmark's drain.
                    .setServerConfig("wal_init_zero", "off");
            settings.forEach(builder::setServerConfig);
            return new PostgresServer(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL in " + dataDirectory, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** Creates the database if it does not exist yet. */
    public void ensureDatabase(String name) {
        ensureDatabase(postgres.getPostgresDatabase(), name);
    }

    /** Creates the database if it does not exist yet, on any server given by its admin data source. */
    public static void ensureDatabase(DataSource admin, String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection connection = admin.getConnection();
                Statement statement = connection.createStatement()) {
            try (ResultSet found = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (found.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }

    /**
     * A database owned by a login role of its own (not a superuser): the role is made if missing, and a
     * database left by an earlier start, with tables the superuser made, is handed over to it whole.
     */
    public void ensureOwnedDatabase(String name, String role, String password) {
        if (!role.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain role name: " + role);
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            try (ResultSet found = statement.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + role + "'")) {
                if (!found.next()) {
                    statement.execute("CREATE ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE");
                }
            }
            statement.execute("ALTER ROLE " + role + " PASSWORD '" + password.replace("'", "''") + "'");
            ensureDatabase(name);
            statement.execute("ALTER DATABASE " + name + " OWNER TO " + role);
            statement.execute("REVOKE ALL ON DATABASE " + name + " FROM PUBLIC");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot give database " + name + " to role " + role, e);
        }
        try (Connection connection = postgres.getDatabase("postgres", name).getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("""
                    DO $$ DECLARE item record; BEGIN
                      FOR item IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner <> '%1$s' LOOP
                        EXECUTE format('ALTER TABLE public.%%I OWNER TO %1$s', item.tablename);
                      END LOOP;
                      FOR item IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                                  WHERE n.nspname = 'public' AND c.relkind = 'S' AND pg_get_userbyid(c.relowner) <> '%1$s' LOOP
                        EXECUTE format('ALTER SEQUENCE public.%%I OWNER TO %1$s', item.relname);
                      END LOOP;
                    END $$""".formatted(role));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot hand the tables of " + name + " to role " + role, e);
        }
    }

    public DataSource adminDataSource() {
        return postgres.getPostgresDatabase();
    }

    /** The superuser's data source for one database: for tools that inspect every service's tables. */
    public DataSource adminDataSource(String database) {
        return postgres.getDatabase(username(), database);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public String r2dbcUrl(String database) {
        return "r2dbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public String username() {
        return "postgres";
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop PostgreSQL", e);
        }
    }
}
