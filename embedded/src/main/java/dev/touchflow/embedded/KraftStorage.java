package dev.touchflow.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** A KRaft node's files: its properties written, its log directory formatted, its log's tail read. */
final class KraftStorage {

    private KraftStorage() {}

    static Path write(Path config, Map<String, String> properties, String comment) throws IOException {
        Properties props = new Properties();
        props.putAll(properties);
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, comment);
        }
        return config;
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

    static String tail(Path file) {
        try {
            List<String> lines = Files.exists(file) ? Files.readAllLines(file) : new ArrayList<>();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ")";
        }
    }
}
