package dev.touchflow.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command-line tools the deploy checks run: kubectl (its built-in kustomize) and docker-compose.
 * CI installs them and requires them ({@code -Dtouchflow.test.deploy-tools=required}); elsewhere a
 * machine without one skips the checks that need it.
 */
final class DeployTools {

    static final Path DEPLOY = Path.of("../deploy");

    record Run(int exit, String out, String err) {}

    private DeployTools() {}

    /** Runs {@code command} in {@code deploy/}, skipping the test when its tool is missing and not required. */
    static Run run(String... command) throws IOException, InterruptedException {
        boolean present = onPath(command[0]);
        if (!present && "required".equals(System.getProperty("touchflow.test.deploy-tools"))) {
            throw new AssertionError(command[0] + " is required and not installed (apt-get install kubernetes-client"
                    + " docker-compose)");
        }
        assumeTrue(present, command[0] + " is not installed");
        Path out = Files.createTempFile("deploy-tool", ".out");
        Path err = Files.createTempFile("deploy-tool", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(DEPLOY.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            assertThat(process.waitFor(2, TimeUnit.MINUTES))
                    .as(String.join(" ", command))
                    .isTrue();
            return new Run(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static boolean onPath(String tool) {
        List<String> directories =
                new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        return directories.stream().anyMatch(directory -> Files.isExecutable(Path.of(directory, tool)));
    }
}
