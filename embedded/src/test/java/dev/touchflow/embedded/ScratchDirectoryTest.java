package dev.touchflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScratchDirectoryTest {

    @Test
    void closingDeletesTheDirectoryWithEverythingInIt() throws Exception {
        Path root;
        try (ScratchDirectory scratch = ScratchDirectory.create("touchflow-scratch-test-")) {
            root = scratch.path();
            Path log = Files.createDirectories(scratch.resolve("kafka").resolve("step-due-0"));
            Files.writeString(log.resolve("00000000000000000000.log"), "records");
            Files.writeString(scratch.resolve("postgres.pid"), "4242");
            assertThat(root).isDirectory();
        }
        assertThat(root).doesNotExist();
    }
}
