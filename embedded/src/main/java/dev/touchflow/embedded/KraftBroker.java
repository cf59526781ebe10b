package dev.touchflow.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one), run from the
 * Apache Kafka artifacts as a child JVM with fixed listeners on 127.0.0.1. Its log directory is
 * formatted once and kept, so a restart keeps every topic and offset. The child exits by itself
 * when this JVM goes away, even when it is killed.
 *
 * <p>By default its client listener is PLAINTEXT (the local runner binds it to loopback). Started
 * {@linkplain #startSecured secured}, clients authenticate with SASL/SCRAM-SHA-512 as users created when
 * the log directory is formatted, and the standard authorizer denies whatever no ACL allows; the
 * {@value #ADMIN} user is the super user that sets the ACLs.
 */
public final class KraftBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KraftBroker.class);
    private static final Duration STARTUP = Duration.ofSeconds(90);

    /** The super user of a secured broker. */
    public static final String ADMIN = "admin";

    private final Process process;
    private final int port;
    private final Map<String, String> users;

    private KraftBroker(Process process, int port, Map<String, String> users) {
        this.process = process;
        this.port = port;
        this.users = Map.copyOf(users);
    }

    /** Starts (formatting first if new) a broker whose state lives under {@code directory}. */
    public static KraftBroker start(Path directory, int port, int controllerPort) {
        return start(directory, port, controllerPort, Map.of());
    }

    /**
     * Starts a broker whose clients must log in with SASL/SCRAM-SHA-512 as one of {@code users} (name to
     * password, {@value #ADMIN} among them) and are allowed only what ACLs grant.
     */
    public static KraftBroker startSecured(Path directory, int port, int controllerPort, Map<String, String> users) {
        if (!users.containsKey(ADMIN)) {
            throw new IllegalArgumentException("a secured broker needs the " + ADMIN + " user");
        }
        return start(directory, port, controllerPort, users);
    }

    private static KraftBroker start(Path directory, int port, int controllerPort, Map<String, String> users) {
        try {
            Files.createDirectories(directory);
            Path config = KraftStorage.write(
                    directory.resolve("server.properties"),
                    BrokerConfigs.standalone(directory, port, controllerPort, users),
                    "written by Touchflow's embedded runner");
            Path logging = ChildJvm.writeLogbackConfig(directory);
            if (!Files.exists(directory.resolve("logs").resolve("meta.properties"))) {
                format(directory, config, logging, users);
            }
            Process process =
                    ChildJvm.start(directory.resolve("broker.log"), logging, "kafka.Kafka", config.toString());
            KraftBroker broker = new KraftBroker(process, port, users);
            broker.awaitReady(directory);
            log.info("Kafka (KRaft) broker ready on 127.0.0.1:{}, data in {}", port, directory);
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kafka broker in " + directory, e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** What a client needs to log in as {@code user} on a secured broker (with the bootstrap servers). */
    public Map<String, Object> clientProperties(String user) {
        String password = users.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no user " + user + " on this broker");
        }
        return clientProperties(bootstrapServers(), user, password);
    }

    /** What a client needs to log in as {@code user} with {@code password} over SASL/SCRAM-SHA-512. */
    public static Map<String, Object> clientProperties(String bootstrapServers, String user, String password) {
        return Map.of(
                "bootstrap.servers",
                bootstrapServers,
                "security.protocol",
                "SASL_PLAINTEXT",
                "sasl.mechanism",
                "SCRAM-SHA-512",
                "sasl.jaas.config",
                BrokerConfigs.jaas(user, password));
    }

    private static void format(Path directory, Path config, Path logging, Map<String, String> users)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("--standalone"));
        users.forEach((user, password) ->
                args.addAll(List.of("--add-scram", "SCRAM-SHA-512=[name=" + user + ",password=" + password + "]")));
        KraftStorage.format(directory, config, logging, Uuid.randomUuid().toString(), args);
    }

    private void awaitReady(Path directory) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited at start; see "
                        + directory.resolve("broker.log") + ":\n" + KraftStorage.tail(directory.resolve("broker.log")));
            }
            if (listening() && clusterAnswers()) {
                return;
            }
            sleep(200);
        }
        close();
        throw new IllegalStateException(
                "the Kafka broker did not start within " + STARTUP + "; see " + directory.resolve("broker.log"));
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean clusterAnswers() {
        Map<String, Object> config = new HashMap<>(
                users.isEmpty()
                        ? Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers())
                        : clientProperties(ADMIN));
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        try (Admin admin = Admin.create(config)) {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                log.warn("Kafka broker did not stop within 30 s; killing it");
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
