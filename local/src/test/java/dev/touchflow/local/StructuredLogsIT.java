package dev.touchflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A service started from its jar, as a deployment starts it, logs JSON lines in Elastic Common Schema:
 * every line, down to the one that says why it will not start (here: no identity provider named).
 */
class StructuredLogsIT {

    @Test
    void aServiceStartedFromItsJarLogsEcsJsonLinesUpToWhyItStops() throws Exception {
        Path jar;
        try (Stream<Path> built = Files.list(Path.of("../enrollment-service/target"))) {
            jar = built.filter(path -> path.getFileName().toString().endsWith("-exec.jar"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("enrollment-service's jar is not built"));
        }
        Process service = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        jar.toString(),
                        "--server.port=0",
                        "--spring.kafka.bootstrap-servers=127.0.0.1:9",
                        "--spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:9/none")
                .redirectErrorStream(true)
                .start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(service.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        } finally {
            assertThat(service.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(service.exitValue()).isNotZero();
        JsonMapper json = JsonMapper.builder().build();
        List<JsonNode> logged = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank()) {
                assertThat(line).as("every line is JSON").startsWith("{");
                logged.add(json.readTree(line));
            }
        }
        assertThat(logged).hasSizeGreaterThan(2);
        assertThat(logged).allSatisfy(entry -> {
            assertThat(entry.path("@timestamp").asString()).isNotBlank();
            assertThat(entry.at("/service/name").asString()).isEqualTo("enrollment-service");
            assertThat(entry.at("/ecs/version").asString()).isNotBlank();
        });
        assertThat(logged)
                .anySatisfy(
                        entry -> assertThat(entry.at("/log/level").asString()).isEqualTo("ERROR"));
        assertThat(String.join("\n", lines)).contains("touchflow.security");
    }
}
