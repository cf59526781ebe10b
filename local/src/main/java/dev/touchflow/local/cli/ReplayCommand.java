package dev.touchflow.local.cli;

import dev.touchflow.local.ConsumerGroupReplay;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.OffsetSpec;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./touchflow replay}: moves consumer groups' committed offsets back so they read again. Refused while
 * a group has members; a dry run says how many records each partition would reprocess and moves nothing.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Moves consumer groups back so they read their topics again (default: every service's group, to the start).",
            "Without --bootstrap-server it starts the local broker itself, so stop ./touchflow up first."
        })
final class ReplayCommand implements Callable<Integer> {

    @Parameters(paramLabel = "GROUP", arity = "0..*", description = "consumer groups (as --group)")
    List<String> positional = new ArrayList<>();

    @Option(names = "--group", paramLabel = "G", description = "a consumer group (repeatable)")
    List<String> groups = new ArrayList<>();

    @Option(names = "--topic", paramLabel = "T", description = "only this topic (default: every topic it committed on)")
    String topic;

    @ArgGroup(exclusive = true)
    Target target = new Target();

    @Option(names = "--dry-run", description = "say what would move, move nothing")
    boolean dryRun;

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT", description = "a running broker")
    String bootstrapServer;

    static final class Target {

        @Option(names = "--to-earliest", description = "to the start of each partition (the default)")
        boolean earliest;

        @Option(names = "--to-time", paramLabel = "T", description = "to the first record at or after T (ISO-8601)")
        Instant time;

        @Option(names = "--to-offset", paramLabel = "N", description = "to offset N of each partition")
        Long offset;
    }

    @Override
    public Integer call() throws Exception {
        int exit = TouchflowCli.onBroker(bootstrapServer, this::replay);
        if (exit == 0 && !dryRun && bootstrapServer == null) {
            System.out.println("Start Touchflow again (./touchflow up) and the groups read from there.");
        }
        return exit;
    }

    private int replay(String servers) {
        List<String> chosen = new ArrayList<>(groups);
        chosen.addAll(positional);
        if (chosen.isEmpty()) {
            chosen.addAll(ConsumerGroupReplay.touchflowGroups());
        }
        OffsetSpec spec =
                target.time != null ? OffsetSpec.forTimestamp(target.time.toEpochMilli()) : OffsetSpec.earliest();
        ConsumerGroupReplay replay = new ConsumerGroupReplay(servers);
        for (String group : chosen) {
            List<ConsumerGroupReplay.Move> moves = replay.move(group, topic, spec, target.offset, dryRun);
            long again = moves.stream()
                    .mapToLong(ConsumerGroupReplay.Move::reprocessed)
                    .sum();
            System.out.println((dryRun ? "would move " : "moved ") + group + " on " + moves.size() + " partitions: "
                    + again + " records to read again");
            moves.forEach(move -> System.out.println("  " + move.partition() + "  " + move.from() + " -> " + move.to()
                    + "  (" + move.reprocessed() + ")"));
        }
        return 0;
    }
}
