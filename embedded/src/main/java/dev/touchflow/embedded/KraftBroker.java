package dev.touchflow.embedded;

import java.io.IOException;
import java.io.OutputStream;
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
import java.util.Properties;
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
            Path config = writeConfig(directory, port, controllerPort, users);
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
                jaas(user, password));
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    private static Path writeConfig(Path directory, int port, int controllerPort, Map<String, String> users)
            throws IOException {
        boolean secured = !users.isEmpty();
        String client = secured ? "SASL_PLAINTEXT" : "PLAINTEXT";
        Properties props = new Properties();
        if (secured) {
            props.putAll(Map.of(
                    "sasl.enabled.mechanisms", "SCRAM-SHA-512",
                    "sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512",
                    "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config", jaas(ADMIN, users.get(ADMIN)),
                    "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                    "allow.everyone.if.no.acl.found", "false",
                    // the broker reaches its own controller over the loopback CONTROLLER listener, unauthenticated
                    "super.users", "User:" + ADMIN + ";User:ANONYMOUS"));
        }
        props.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort),
                Map.entry("listeners", client + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", client + "://127.0.0.1:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", client),
                Map.entry("listener.security.protocol.map", client + ":" + client + ",CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", directory.resolve("logs").toString()),
                Map.entry("num.partitions", "3"),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "3"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("log.flush.interval.messages", "9223372036854775807")));
        Path config = directory.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "written by Touchflow's embedded runner");
        }
        return config;
    }

    private static void format(Path directory, Path config, Path logging, Map<String, String> users)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("--standalone"));
        users.forEach((user, password) ->
                args.addAll(List.of("--add-scram", "SCRAM-SHA-512=[name=" + user + ",password=" + password + "]")));
        format(directory, config, logging, Uuid.randomUuid().toString(), args);
    }

    /** Formats a KRaft log directory for the cluster {@code clusterId}, waiting for the storage tool to finish. */
    static void format(Path directory, Path config, Path logging, String clusterId, List<String> options)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("format", "-t", clusterId, "-c", config.toString()));
        args.addAll(options);
        Process format = ChildJvm.start(
                directory.resolve("format.log"), logging, "kafka.tools.StorageTool", args.toArray(String[]::new));
        try {
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IllegalStateException("formatting the KRaft log directory failed; see "
                        + directory.resolve("format.log") + ":\n" + tail(directory.resolve("format.log")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting the KRaft log directory", e);
        }
    }

    private void awaitReady(Path directory) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited at start; see "
                        + directory.resolve("broker.log") + ":\n" + tail(directory.resolve("broker.log")));
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

    static String tail(Path file) {
        try {
            List<String> lines = Files.exists(file) ? Files.readAllLines(file) : new ArrayList<>();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ")";
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
