package dev.touchflow.local.cli;

import dev.touchflow.embedded.KraftBroker;
import dev.touchflow.local.Banner;
import dev.touchflow.local.ConsumerGroupReplay;
import dev.touchflow.local.IdentityCommands;
import dev.touchflow.local.LocalSettings;
import dev.touchflow.local.LocalTouchflow;
import dev.touchflow.local.chaos.ChaosCommand;
import dev.touchflow.replies.offline.ClassifyCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * {@code ./touchflow up}: runs everything on embedded defaults with state under {@code .touchflow/};
 * {@code ./touchflow replay [group…]}: rewinds consumer groups to offset 0 while Touchflow is stopped;
 * {@code ./touchflow chaos}: the fault suite; {@code ./touchflow classify}: replies classified offline;
 * {@code ./touchflow token …}, {@code ./touchflow agent add …} and {@code ./touchflow person add …}:
 * identities of the local issuer.
 */
public final class TouchflowCli {

    private TouchflowCli() {}

    public static void main(String[] args) throws InterruptedException {
        String command = args.length == 0 ? "up" : args[0];
        Path state = Path.of(System.getProperty("touchflow.home", ".touchflow")).toAbsolutePath();
        switch (command) {
            case "up" ->
                up(
                        LocalSettings.defaults(state),
                        Arrays.asList(args).contains("--processes")
                                ? LocalTouchflow.Mode.PROCESSES
                                : LocalTouchflow.Mode.ONE_JVM);
            case "chaos" -> {
                try {
                    System.exit(ChaosCommand.run(
                            Arrays.asList(args).subList(1, args.length), state, System.out, System.err));
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("the fault suite could not run", e);
                }
            }
            case "replay" ->
                replay(LocalSettings.defaults(state), Arrays.asList(args).subList(1, args.length));
            case "token" ->
                System.exit(IdentityCommands.token(
                        Arrays.asList(args).subList(1, args.length),
                        LocalSettings.defaults(state),
                        System.out,
                        System.err));
            case "agent" ->
                System.exit(IdentityCommands.agent(
                        Arrays.asList(args).subList(1, args.length),
                        LocalSettings.defaults(state),
                        System.out,
                        System.err));
            case "person" ->
                System.exit(IdentityCommands.person(
                        Arrays.asList(args).subList(1, args.length),
                        LocalSettings.defaults(state),
                        System.out,
                        System.err));
            case "classify" -> {
                try {
                    ClassifyCommand.run(System.in, System.out);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            default -> {
                System.err.println(
                        "usage: ./touchflow up [--processes] | chaos [--minutes M] [--seed S] | replay [consumer-group…]"
                                + " | bench sequencer|dispatch|dead-letters|classify|soak [options] | classify < messages.jsonl"
                                + " | token --name NAME --role ROLE --client CLIENT [--ttl 30d] | agent add CLIENT-ID [--client CLIENT]"
                                + " | person add NAME --role ROLE --client CLIENT");
                System.exit(2);
            }
        }
    }

    /**
     * Runs until Ctrl-C (SIGINT) or SIGTERM, then stops the services, the mail sink, PostgreSQL
     * and the broker in that order, before the JVM's shutdown hooks (PostgreSQL's own among
     * them) would stop things in parallel.
     */
    private static void up(LocalSettings settings, LocalTouchflow.Mode mode) throws InterruptedException {
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String signal : List.of("INT", "TERM")) {
            Signal.handle(new Signal(signal), received -> stopRequested.countDown());
        }
        LocalTouchflow touchflow = LocalTouchflow.start(settings, mode);
        System.out.println(Banner.of(touchflow));
        stopRequested.await();
        System.out.println("\nStopping Touchflow…");
        touchflow.close();
        System.out.println("Stopped. State kept in " + settings.stateDirectory());
        System.exit(0);
    }

    private static void replay(LocalSettings settings, List<String> groups) {
        try (var broker = KraftBroker.start(
                settings.stateDirectory().resolve("kafka"), settings.kafkaPort(), settings.kafkaControllerPort())) {
            List<String> chosen = groups.isEmpty() ? ConsumerGroupReplay.touchflowGroups() : groups;
            new ConsumerGroupReplay(broker.bootstrapServers())
                    .rewind(chosen)
                    .forEach((group, partitions) ->
                            System.out.println("rewound " + group + " on " + partitions.size() + " partitions"));
            System.out.println(
                    "Start Touchflow again (./touchflow up) and every consumer reads its topics from offset 0.");
        }
    }
}
