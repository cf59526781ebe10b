package dev.touchflow.local.cli;

import dev.touchflow.local.deadletters.DeadLetterTopics;
import dev.touchflow.local.deadletters.Redriving;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ./touchflow dlt list|show|redrive}: the dead-letter topics of a running Touchflow. */
@Command(
        name = "dlt",
        mixinStandardHelpOptions = true,
        description = "Dead-letter topics (<topic>.<group>.dlt): list them, show their records, send them back.",
        subcommands = {DeadLetterCommand.ListPiles.class, DeadLetterCommand.Show.class, DeadLetterCommand.Redrive.class
        })
final class DeadLetterCommand {

    @Option(
            names = "--bootstrap-server",
            paramLabel = "HOST:PORT",
            description = "the broker (default: the local runner's)")
    String bootstrapServer;

    DeadLetterTopics topics() {
        String servers = bootstrapServer != null
                ? bootstrapServer
                : "127.0.0.1:" + TouchflowCli.settings().kafkaPort();
        return new DeadLetterTopics(servers);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Each dead-letter topic's count, by reason.")
    static final class ListPiles implements Callable<Integer> {

        @ParentCommand
        DeadLetterCommand parent;

        @Option(names = "--topic", paramLabel = "T", description = "only topics whose name contains T")
        String topic;

        @Override
        public Integer call() throws Exception {
            List<DeadLetterTopics.Pile> piles = parent.topics().piles(topic);
            if (piles.isEmpty()) {
                System.out.println("No dead-letter topic" + (topic == null ? "." : " matches " + topic + "."));
            }
            for (DeadLetterTopics.Pile pile : piles) {
                System.out.println(pile.topic() + "  " + pile.count());
                pile.reasons().forEach((reason, count) -> System.out.println("    " + count + "  " + reason));
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A dead-letter topic's records.")
    static final class Show implements Callable<Integer> {

        @ParentCommand
        DeadLetterCommand parent;

        @Parameters(paramLabel = "TOPIC", description = "the dead-letter topic")
        String topic;

        @Option(names = "--offset", paramLabel = "N", description = "from offset N of every partition")
        Long offset;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "at most N (default 20)")
        long limit;

        @Override
        public Integer call() throws Exception {
            DeadLetterTopics topics = parent.topics();
            Map<Integer, Long> from = offset == null
                    ? Map.of()
                    : topics.partitionsOf(topic).stream().collect(Collectors.toMap(p -> p, p -> offset));
            for (DeadLetterTopics.Letter letter : topics.read(topic, from, limit)) {
                System.out.println(
                        letter.partition() + "@" + letter.offset() + "  " + letter.at() + "  key=" + letter.key());
                System.out.println("  from:   " + letter.origin());
                System.out.println("  reason: " + letter.reason());
                System.out.println("  value:  " + letter.text());
            }
            return 0;
        }
    }

    @Command(
            name = "redrive",
            mixinStandardHelpOptions = true,
            description = "Sends a dead-letter topic's records back to their topic, once: a second redrive sends only"
                    + " what came since.")
    static final class Redrive implements Callable<Integer> {

        @ParentCommand
        DeadLetterCommand parent;

        @Parameters(paramLabel = "TOPIC", description = "the dead-letter topic")
        String topic;

        @Option(names = "--since", paramLabel = "T", description = "only records dead since T (ISO-8601 instant)")
        Instant since;

        @Option(names = "--dry-run", description = "list what would be sent, send nothing")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            List<DeadLetterTopics.Letter> letters = new Redriving(parent.topics()).redrive(topic, since, dryRun);
            for (DeadLetterTopics.Letter letter : letters) {
                System.out.println((dryRun ? "would send " : "sent ") + letter.partition() + "@" + letter.offset()
                        + " key=" + letter.key() + " to " + letter.originalTopic());
            }
            System.out.println((dryRun ? "Would redrive " : "Redrove ") + letters.size() + " record"
                    + (letters.size() == 1 ? "" : "s") + " of " + topic + ".");
            return 0;
        }
    }
}
