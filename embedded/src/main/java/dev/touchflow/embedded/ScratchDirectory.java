package dev.touchflow.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.utils.Utils;

/**
 * A temporary directory for state that must not outlive its run (a benchmark's broker log and
 * database cluster, a test JVM's), deleted with everything in it on close. Close it after the
 * broker and database that write into it have stopped.
 */
public final class ScratchDirectory implements AutoCloseable {

    private final Path path;

    private ScratchDirectory(Path path) {
        this.path = path;
    }

    public static ScratchDirectory create(String prefix) throws IOException {
        return new ScratchDirectory(Files.createTempDirectory(prefix));
    }

    public Path resolve(String name) {
        return path.resolve(name);
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        Utils.delete(path.toFile());
    }
}
