package dev.touchflow.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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

    private final List<ClusterNode> nodes;

    private KraftCluster(List<ClusterNode> nodes) {
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
        List<ClusterNode> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                ClusterNode node =
                        new ClusterNode(i + 1, directory.resolve("node-" + (i + 1)), ports.get(i), ports.get(size + i));
                node.configure(voters, size);
                node.format(clusterId);
                nodes.add(node);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the Kafka cluster in " + directory, e);
        }
        KraftCluster cluster = new KraftCluster(nodes);
        // every node waits for a quorum of the others, so all start before any is awaited
        nodes.forEach(ClusterNode::launch);
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
        ClusterNode node = nodes.get(id - 1);
        node.process.destroyForcibly();
        try {
            node.process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts node {@code id} again on its log directory and waits until it answers. */
    public void restart(int id) {
        ClusterNode node = nodes.get(id - 1);
        if (node.process != null && node.process.isAlive()) {
            return;
        }
        node.launch();
        awaitReady(node);
    }

    private void awaitReady(ClusterNode node) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!node.process.isAlive()) {
                throw new IllegalStateException("Kafka node " + node.id + " exited at start; see " + node.log() + ":\n"
                        + KraftStorage.tail(node.log()));
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
        nodes.forEach(ClusterNode::signalStop);
        nodes.forEach(ClusterNode::awaitStop);
    }
}
