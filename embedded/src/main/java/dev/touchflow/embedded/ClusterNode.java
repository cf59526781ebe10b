package dev.touchflow.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** One node of the embedded cluster: a broker and controller in a child JVM, killed and started at will. */
final class ClusterNode {

    final int id;
    private final Path directory;
    final int port;
    private final int controllerPort;
    private Path config;
    private Path logging;
    volatile Process process;

    ClusterNode(int id, Path directory, int port, int controllerPort) {
        this.id = id;
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    void configure(String voters, int size) throws IOException {
        Files.createDirectories(directory);
        config = KraftStorage.write(
                directory.resolve("server.properties"),
                BrokerConfigs.clusterNode(id, directory, port, controllerPort, voters, size),
                "written by Touchflow's embedded cluster");
        logging = ChildJvm.writeLogbackConfig(directory);
    }

    void format(String clusterId) throws IOException {
        if (!Files.exists(directory.resolve("logs").resolve("meta.properties"))) {
            KraftStorage.format(directory, config, logging, clusterId, List.of());
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
