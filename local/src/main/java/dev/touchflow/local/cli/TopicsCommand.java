package dev.touchflow.local.cli;

import dev.touchflow.local.deploy.AsyncApiDocument;
import dev.touchflow.local.deploy.KafkaManifests;
import dev.touchflow.local.deploy.TopicsApply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./touchflow topics}: the topics file and what a cluster holds. */
@Command(
        name = "topics",
        mixinStandardHelpOptions = true,
        description =
                "The topics every service expects: applied to a cluster, as Strimzi manifests, as an AsyncAPI document.",
        subcommands = {TopicsCommand.Apply.class, TopicsCommand.Manifests.class, TopicsCommand.AsyncApi.class})
final class TopicsCommand {

    static final Path TOPICS = Path.of("deploy/k8s/base/kafka/topics.yaml");

    @Command(
            name = "apply",
            mixinStandardHelpOptions = true,
            description = {
                "Creates the missing topics of the file, adds partitions where there are fewer, sets its configs.",
                "Without --bootstrap-server it starts the local broker itself, so stop ./touchflow up first."
            })
    static final class Apply implements Callable<Integer> {

        @Option(
                names = {"-f", "--file"},
                paramLabel = "FILE",
                description = "KafkaTopic manifests (default: ${DEFAULT-VALUE})")
        Path file = TOPICS;

        @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT", description = "a running broker")
        String bootstrapServer;

        @Option(names = "--dry-run", description = "say what would change, change nothing")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(file)) {
                System.err.println("no topics file " + file);
                return 2;
            }
            return TouchflowCli.onBroker(bootstrapServer, this::apply);
        }

        private int apply(String servers) throws Exception {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
                List<String> changes = TopicsApply.apply(admin, TopicsApply.read(file), dryRun);
                changes.forEach(System.out::println);
                System.out.println((changes.isEmpty()
                                ? "Nothing to change"
                                : (dryRun ? "Would make " : "Made ") + changes.size() + " changes")
                        + " for " + file + ".");
                return 0;
            }
        }
    }

    @Command(
            name = "manifests",
            mixinStandardHelpOptions = true,
            description = "Prints the KafkaTopic and KafkaUser manifests the topic registry makes, or writes them.")
    static final class Manifests implements Callable<Integer> {

        @Option(names = "--write", description = "write deploy/k8s/base/kafka/topics.yaml and users.yaml")
        boolean write;

        @Override
        public Integer call() throws Exception {
            if (!write) {
                System.out.print(KafkaManifests.topicsYaml());
                System.out.print(KafkaManifests.usersYaml());
                return 0;
            }
            Files.createDirectories(TOPICS.getParent());
            Files.writeString(TOPICS, KafkaManifests.topicsYaml());
            Files.writeString(TOPICS.resolveSibling("users.yaml"), KafkaManifests.usersYaml());
            System.out.println("Wrote " + TOPICS + " and " + TOPICS.resolveSibling("users.yaml") + ".");
            return 0;
        }
    }

    @Command(
            name = "asyncapi",
            mixinStandardHelpOptions = true,
            description = "Prints the AsyncAPI 3.0 document of every topic, or writes it to docs/asyncapi.json.")
    static final class AsyncApi implements Callable<Integer> {

        static final Path DOCUMENT = Path.of("docs/asyncapi.json");

        @Option(names = "--write", description = "write docs/asyncapi.json")
        boolean write;

        @Override
        public Integer call() throws Exception {
            if (!write) {
                System.out.print(AsyncApiDocument.json());
                return 0;
            }
            Files.writeString(DOCUMENT, AsyncApiDocument.json());
            System.out.println("Wrote " + DOCUMENT + ".");
            return 0;
        }
    }
}
