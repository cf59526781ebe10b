package dev.touchflow.testkit;

import dev.touchflow.embedded.FreePorts;
import dev.touchflow.embedded.KraftBroker;
import dev.touchflow.embedded.PostgresServer;
import dev.touchflow.embedded.ScratchDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real broker and database, started once per test JVM and shared by every test in it.
 * Testcontainers' Kafka and PostgreSQL when a Docker engine answers, the embedded KRaft broker
 * and zonky PostgreSQL otherwise; {@code -Dtouchflow.test.infra=embedded|containers} (or the
 * {@code TOUCHFLOW_TEST_INFRA} variable) forces either.
 */
public final class TestInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);
    private static volatile TestInfrastructure instance;

    private final String bootstrapServers;
    private final String host;
    private final int postgresPort;
    private final String user;
    private final String password;

    private TestInfrastructure(String bootstrapServers, String host, int postgresPort, String user, String password) {
        this.bootstrapServers = bootstrapServers;
        this.host = host;
        this.postgresPort = postgresPort;
        this.user = user;
        this.password = password;
    }

    public static TestInfrastructure get() {
        if (instance == null) {
            synchronized (TestInfrastructure.class) {
                if (instance == null) {
                    instance = start();
                }
            }
        }
        return instance;
    }

    private static TestInfrastructure start() {
        String mode = System.getProperty(
                        "touchflow.test.infra", System.getenv().getOrDefault("TOUCHFLOW_TEST_INFRA", "auto"))
                .toLowerCase(Locale.ROOT);
        boolean containers = switch (mode) {
            case "containers" -> true;
            case "embedded" -> false;
            default -> dockerAnswers();
        };
        log.info("test infrastructure: {}", containers ? "Testcontainers" : "embedded KRaft broker and PostgreSQL");
        return containers ? startContainers() : startEmbedded();
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static TestInfrastructure startEmbedded() {
        try {
            ScratchDirectory state = ScratchDirectory.create("touchflow-test-");
            KraftBroker broker = KraftBroker.start(state.resolve("kafka"), freePort(), freePort());
            PostgresServer postgres = PostgresServer.start(state.resolve("postgres"), freePort());
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                broker.close();
                                postgres.close();
                                try {
                                    state.close();
                                } catch (IOException e) {
                                    log.warn("could not delete the test state in {}: {}", state.path(), e.toString());
                                }
                            },
                            "test-infrastructure-stop"));
            return new TestInfrastructure(
                    broker.bootstrapServers(), "127.0.0.1", postgres.port(), postgres.username(), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("resource")
    private static TestInfrastructure startContainers() {
        KafkaContainer kafka = new KafkaContainer("apache/kafka-native:4.1.0");
        PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17-alpine");
        kafka.start();
        postgres.start();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            kafka.stop();
                            postgres.stop();
                        },
                        "test-containers-stop"));
        return new TestInfrastructure(
                kafka.getBootstrapServers(),
                postgres.getHost(),
                postgres.getMappedPort(5432),
                postgres.getUsername(),
                postgres.getPassword());
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + postgresPort + "/" + database;
    }

    public String r2dbcUrl(String database) {
        return "r2dbc:postgresql://" + host + ":" + postgresPort + "/" + database;
    }

    /** Where PostgreSQL listens, as host and port, for a proxy in front of it. */
    public InetSocketAddress postgresAddress() {
        return InetSocketAddress.createUnresolved(host, postgresPort);
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** A new empty database with a name no other test uses. */
    public String newDatabase(String prefix) {
        String name = (prefix + "_" + Long.toString(System.nanoTime(), 36)).toLowerCase(Locale.ROOT);
        try (var connection = DriverManager.getConnection(jdbcUrl("postgres"), user, password);
                var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return name;
    }

    /** A free port for a test's server; see {@link FreePorts#next()}. */
    public static int freePort() {
        return FreePorts.next();
    }
}
