package dev.touchflow.local;

import dev.touchflow.embedded.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * One service of Touchflow in a JVM of its own: the entry point of the runner's child processes
 * ({@code main}), and the parent's handle on one ({@link Running}). A child ends when its parent does.
 */
public final class ServiceProcess {

    private static final Duration STARTUP = Duration.ofMinutes(3);

    private ServiceProcess() {}

    /** {@code <service-name> --property=value…}: runs that service until it is stopped or killed. */
    public static void main(String[] args) {
        LocalTouchflow.Service service = ServiceCatalog.named(new LocalSettings.Ports(0, 0, 0, 0, 0, 0, 0), args[0]);
        new SpringApplicationBuilder(service.application())
                .initializers(context -> context.getBeanFactory().registerSingleton("clock", Clock.systemUTC()))
                .run(Arrays.copyOfRange(args, 1, args.length));
    }

    /** Starts the service in a child JVM, its output appended to {@code <state>/logs/<service>.log}. */
    static Running start(LocalTouchflow.Service service, Path stateDirectory, String[] arguments) {
        try {
            Path logs = Files.createDirectories(stateDirectory.resolve("logs"));
            String[] args = new String[arguments.length + 1];
            args[0] = service.name();
            System.arraycopy(arguments, 0, args, 1, arguments.length);
            Path log = logs.resolve(service.name() + ".log");
            Process process = ChildJvm.start(
                    log,
                    List.of(
                            "-Xms64m",
                            "-Xmx512m",
                            // C1 only: a service process starts in about half the CPU time on a small machine, where
                            // five start at once and the fault suite restarts them over and over
                            "-XX:TieredStopAtLevel=1"),
                    ServiceProcess.class.getName(),
                    args);
            return new Running(service, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + service.name(), e);
        }
    }

    /** A service's child JVM. */
    static final class Running {

        private static final HttpClient HTTP =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

        private final LocalTouchflow.Service service;
        private final Process process;
        private final Path log;

        private Running(LocalTouchflow.Service service, Process process, Path log) {
            this.service = service;
            this.process = process;
            this.log = log;
        }

        boolean isAlive() {
            return process.isAlive();
        }

        /** {@code SIGKILL}, and waits until the process is gone. */
        void kill() {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(30));
        }

        void signalStop() {
            process.destroy();
        }

        /** {@code SIGTERM}: the service shuts down as a deployment's would; killed if it takes over 30 s. */
        void stop() {
            process.destroy();
            if (!awaitExit(Duration.ofSeconds(30))) {
                kill();
            }
        }

        /** Waits until the service answers HTTP on its port, failing if its process ends first. */
        void awaitListening() {
            long deadline = System.nanoTime() + STARTUP.toNanos();
            URI uri = URI.create("http://127.0.0.1:" + service.port() + "/");
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(
                            service.name() + " exited at start (status " + process.exitValue() + "); see " + log);
                }
                try {
                    HTTP.send(
                            HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                    return;
                } catch (IOException notYet) {
                    Pause.of(Duration.ofMillis(250));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while " + service.name() + " started", e);
                }
            }
            throw new IllegalStateException(service.name() + " did not answer within " + STARTUP + "; see " + log);
        }

        private boolean awaitExit(Duration patience) {
            try {
                return process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
