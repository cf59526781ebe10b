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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka cluster of several KRaft nodes (each broker and controller, with a static quorum of all
 * of them), every node a child JVM with its listeners on 127.0.0.1, for fault injection: a node can be
 * killed ({@code SIGKILL}) and started again on its own log directory. Topics are replicated to every
 * node with {@code min.insync.replicas} one less, so one node down loses no acknowledged write and
 * stops no producer.
 */
public final class KraftCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KraftCluster.class);
    private static final Duration STARTUP = Duration.ofSeconds(120);

    private final List<Node> nodes;

    private KraftCluster(List<Node> nodes) {
        this.nodes = nodes;
    }

    /** Formats and starts {@code size} nodes (at least 3) with their state under {@code directory}. */
    public static KraftCluster start(Path directory, int size) {
        if (size < 3) {
            throw new IllegalArgumentException(
                    "a cluster that survives a lost node needs at least 3 nodes, not " + size);
        }
        List<Integer> ports =
                IntStream.range(0, 2 * size).map(i -> FreePorts.next()).boxed().toList();
        String voters = IntStream.range(0, size)
                .mapToObj(i -> (i + 1) + "@127.0.0.1:" + ports.get(size + i))
                .collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        List<Node> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                Node node = new Node(i + 1, directory.resolve("node-" + (i + 1)), ports.get(i), ports.get(size + i));
                node.configure(voters, size);
                node.format(clusterId);
                nodes.add(node);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the Kafka cluster in " + directory, e);
        }
        KraftCluster cluster = new KraftCluster(nodes);
        // every node waits for a quorum of the others, so all start before any is awaited
        nodes.forEach(Node::launch);
        nodes.forEach(cluster::awaitReady);
        log.info("Kafka (KRaft) cluster of {} nodes ready on {}", size, cluster.bootstrapServers());
        return cluster;
    }

    public String bootstrapServers() {
        return nodes.stream().map(node -> "127.0.0.1:" + node.port).collect(Collectors.joining(","));
    }

    public int size() {
        return nodes.size();
    }

    /** Kills node {@code id} (1-based) with {@code SIGKILL}: no clean shutdown, no flush. */
    public void kill(int id) {
        Node node = nodes.get(id - 1);
        node.process.destroyForcibly();
        try {
            node.process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts node {@code id} again on its log directory and waits until it answers. */
    public void restart(int id) {
        Node node = nodes.get(id - 1);
        if (node.process != null && node.process.isAlive()) {
            return;
        }
        node.launch();
        awaitReady(node);
    }

    private void awaitReady(Node node) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!node.process.isAlive()) {
                throw new IllegalStateException("Kafka node " + node.id + " exited at start; see " + node.log() + ":\n"
                        + KraftBroker.tail(node.log()));
            }
            if (node.listening() && node.answers()) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting Kafka node " + node.id, e);
            }
        }
        throw new IllegalStateException(
                "Kafka node " + node.id + " did not start within " + STARTUP + "; see " + node.log());
    }

    /** Stops every node at once: one by one, the last would wait for a quorum that is already gone. */
    @Override
    public void close() {
        nodes.forEach(Node::signalStop);
        nodes.forEach(Node::awaitStop);
    }

    private static final class Node {

        private final int id;
        private final Path directory;
        private final int port;
        private final int controllerPort;
        private Path config;
        private Path logging;
        private volatile Process process;

        Node(int id, Path directory, int port, int controllerPort) {
            this.id = id;
            this.directory = directory;
            this.port = port;
            this.controllerPort = controllerPort;
        }

        void configure(String voters, int size) throws IOException {
            Files.createDirectories(directory);
            String replicas = String.valueOf(size);
            String minInSync = String.valueOf(size - 1);
            Properties props = new Properties();
            props.putAll(Map.ofEntries(
                    Map.entry("process.roles", "broker,controller"),
                    Map.entry("node.id", String.valueOf(id)),
                    Map.entry("controller.quorum.voters", voters),
                    Map.entry(
                            "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
                    Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                    Map.entry("controller.listener.names", "CONTROLLER"),
                    Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                    Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                    Map.entry("log.dirs", directory.resolve("logs").toString()),
                    Map.entry("num.partitions", "3"),
                    Map.entry("default.replication.factor", replicas),
                    Map.entry("min.insync.replicas", minInSync),
                    Map.entry("auto.create.topics.enable", "false"),
                    Map.entry("offsets.topic.replication.factor", replicas),
                    Map.entry("offsets.topic.num.partitions", "3"),
                    Map.entry("transaction.state.log.replication.factor", replicas),
                    Map.entry("transaction.state.log.min.isr", minInSync),
                    Map.entry("share.coordinator.state.topic.replication.factor", replicas),
                    Map.entry("share.coordinator.state.topic.min.isr", minInSync),
                    Map.entry("group.initial.rebalance.delay.ms", "0"),
                    // a killed node's replicas catch up and lead again soon after it returns
                    Map.entry("leader.imbalance.check.interval.seconds", "10"),
                    Map.entry("unclean.leader.election.enable", "false"),
                    // a killed node is noticed in seconds: the controller fences it and its leaders move, and the
                    // others drop it from their in-sync replicas, so acks=all writes wait seconds, not half a minute
                    Map.entry("broker.heartbeat.interval.ms", "1000"),
                    Map.entry("broker.session.timeout.ms", "5000"),
                    Map.entry("replica.lag.time.max.ms", "5000")));
            config = directory.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "written by Touchflow's embedded cluster");
            }
            logging = ChildJvm.writeLogbackConfig(directory);
        }

        void format(String clusterId) throws IOException {
            if (!Files.exists(directory.resolve("logs").resolve("meta.properties"))) {
                KraftBroker.format(directory, config, logging, clusterId, List.of());
            }
        }

        void launch() {
            try {
                process = ChildJvm.start(log(), logging, "kafka.Kafka", config.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start Kafka node " + id, e);
            }
        }

        Path log() {
            return directory.resolve("broker.log");
        }

        boolean listening() {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        boolean answers() {
            Map<String, Object> config = Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    "127.0.0.1:" + port,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                    5000,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                    5000);
            try (Admin admin = Admin.create(config)) {
                return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream()
                        .anyMatch(found -> found.id() == id);
            } catch (ExecutionException | TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        void signalStop() {
            Process running = process;
            if (running != null && running.isAlive()) {
                running.destroy();
            }
        }

        void awaitStop() {
            Process running = process;
            if (running == null) {
                return;
            }
            try {
                if (!running.waitFor(20, TimeUnit.SECONDS)) {
                    running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.destroyForcibly();
            }
        }
    }
}
