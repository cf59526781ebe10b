package dev.touchflow.local.cli;

import dev.touchflow.embedded.KraftBroker;
import dev.touchflow.local.Banner;
import dev.touchflow.local.LocalSettings;
import dev.touchflow.local.LocalTouchflow;
import dev.touchflow.local.ServiceStatus;
import dev.touchflow.local.chaos.ChaosCommand;
import dev.touchflow.replies.offline.ClassifyCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;
import sun.misc.Signal;

/**
 * {@code ./touchflow}: runs Touchflow on one machine and operates it. {@code ./touchflow help} and
 * {@code ./touchflow <command> --help} answer with exit 0; a wrong command or option is exit 2 with what was
 * wrong; a command that fails is exit 1.
 */
@Command(
        name = "touchflow",
        mixinStandardHelpOptions = true,
        version = "Touchflow 0.1.0",
        description = "Runs Touchflow on one machine (embedded Kafka, PostgreSQL, mail sink and identity provider,"
                + " state under .touchflow/) and operates it. Without a command: up.",
        subcommands = {
            CommandLine.HelpCommand.class,
            TouchflowCli.Up.class,
            ReplayCommand.class,
            TouchflowCli.Status.class,
            DeadLetterCommand.class,
            TopicsCommand.class,
            TouchflowCli.Chaos.class,
            TouchflowCli.Classify.class,
            IssuerCommands.Token.class,
            IssuerCommands.Agent.class,
            IssuerCommands.Person.class
        })
public final class TouchflowCli implements Callable<Integer> {

    static Path state() {
        return Path.of(System.getProperty("touchflow.home", ".touchflow")).toAbsolutePath();
    }

    static LocalSettings settings() {
        return LocalSettings.defaults(state());
    }

    /** Work against a broker's bootstrap servers; its exit code. */
    interface OnBroker {
        int run(String bootstrapServers) throws Exception;
    }

    /**
     * Runs {@code work} against {@code bootstrapServer}, or without one against the local broker, started for
     * it from {@code .touchflow/} (so ./touchflow up must be stopped).
     */
    static int onBroker(String bootstrapServer, OnBroker work) throws Exception {
        if (bootstrapServer != null) {
            return work.run(bootstrapServer);
        }
        LocalSettings settings = settings();
        try (var broker = KraftBroker.start(
                settings.stateDirectory().resolve("kafka"), settings.kafkaPort(), settings.kafkaControllerPort())) {
            return work.run(broker.bootstrapServers());
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        return new Up().call();
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TouchflowCli())
                .setExecutionExceptionHandler((failure, command, parsed) -> {
                    Throwable cause = failure;
                    while (cause.getCause() != null) {
                        cause = cause.getCause();
                    }
                    command.getErr()
                            .println("touchflow "
                                    + String.join(" ", command.getCommandSpec().qualifiedName())
                                    + ": " + cause.getMessage()
                                    + (cause instanceof org.apache.kafka.common.errors.TimeoutException
                                            ? " (is Kafka there? ./touchflow up starts it)"
                                            : ""));
                    return CommandLine.ExitCode.SOFTWARE;
                })
                .execute(args));
    }

    @Command(name = "up", mixinStandardHelpOptions = true, description = "Starts everything and runs until Ctrl-C.")
    static final class Up implements Callable<Integer> {

        @Option(names = "--processes", description = "each service in a JVM of its own")
        boolean processes;

        /**
         * Runs until Ctrl-C (SIGINT) or SIGTERM, then stops the services, the mail sink, PostgreSQL and the broker
         * in that order, before the JVM's shutdown hooks (PostgreSQL's own among them) would stop things in parallel.
         */
        @Override
        public Integer call() throws InterruptedException {
            LocalSettings settings = settings();
            CountDownLatch stopRequested = new CountDownLatch(1);
            for (String signal : List.of("INT", "TERM")) {
                Signal.handle(new Signal(signal), received -> stopRequested.countDown());
            }
            LocalTouchflow touchflow = LocalTouchflow.start(
                    settings, processes ? LocalTouchflow.Mode.PROCESSES : LocalTouchflow.Mode.ONE_JVM);
            System.out.println(Banner.of(touchflow));
            stopRequested.await();
            System.out.println("\nStopping Touchflow…");
            touchflow.close();
            System.out.println("Stopped. State kept in " + settings.stateDirectory());
            return 0;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Each service's readiness, consumer lag and outbox backlog, and the oldest waiting draft;"
                    + " exit 1 when a service is not ready.")
    static final class Status implements Callable<Integer> {

        @Override
        public Integer call() {
            ServiceStatus.Snapshot status = new ServiceStatus(settings()).read();
            System.out.print(status.report());
            return status.allReady() ? 0 : 1;
        }
    }

    @Command(
            name = "chaos",
            mixinStandardHelpOptions = true,
            description = "The fault suite: [--minutes M] [--seed S].")
    static final class Chaos implements Callable<Integer> {

        @Unmatched
        List<String> arguments = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            return ChaosCommand.run(arguments, state(), System.out, System.err);
        }
    }

    @Command(
            name = "classify",
            mixinStandardHelpOptions = true,
            description =
                    "Classifies replies offline: JSON Lines in LABELS.md's record format on stdin, answers on stdout.")
    static final class Classify implements Callable<Integer> {

        @Override
        public Integer call() throws Exception {
            ClassifyCommand.run(System.in, System.out);
            return 0;
        }
    }
}
