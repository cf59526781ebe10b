package dev.touchflow.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Starts a main class in a child JVM on this JVM's class path, tied to this JVM's life: the child
 * exits when this JVM ends, however it ends ({@link ParentWatch}).
 */
public final class ChildJvm {

    private ChildJvm() {}

    static Process start(Path logFile, Path logbackConfig, String mainClass, String... args) throws IOException {
        return start(
                logFile,
                List.of("-Xms128m", "-Xmx768m", "-Dlogback.configurationFile=" + logbackConfig),
                mainClass,
                args);
    }

    /** Starts {@code mainClass} with these JVM options, its output appended to {@code logFile}. */
    public static Process start(Path logFile, List<String> jvmOptions, String mainClass, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-XX:+UseG1GC",
                "-Djava.awt.headless=true",
                "-cp",
                System.getProperty("java.class.path"),
                ParentWatch.class.getName(),
                mainClass));
        command.addAll(Arrays.asList(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
    }

    static Path writeLogbackConfig(Path directory) throws IOException {
        Path file = directory.resolve("logback-broker.xml");
        Files.writeString(file, """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="org.apache.kafka" level="WARN"/>
                  <logger name="kafka" level="WARN"/>
                  <logger name="state.change.logger" level="WARN"/>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        return file;
    }
}
