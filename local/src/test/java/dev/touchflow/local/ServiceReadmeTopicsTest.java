package dev.touchflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.touchflow.schemas.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each service's README says which topics it consumes and produces, and says it truly: the topics its
 * {@code @KafkaListener}s name and the topics of the events it writes to its outbox, by the names in
 * {@link Topics}, are exactly the ones its "Consumes" and "Produces" lines list, and the ones the
 * project README's service table gives it.
 */
class ServiceReadmeTopicsTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern LISTENER = Pattern.compile("@KafkaListener\\((?:[^()]|\\([^()]*\\))*\\)");
    private static final Pattern TOPIC_CONSTANT = Pattern.compile("Topics\\.([A-Z_]+)");
    private static final Pattern OUTBOUND = Pattern.compile("new OutboundEvent\\(\\s*Topics\\.([A-Z_]+)");
    private static final Pattern TOPIC_NAME = Pattern.compile("`(touchflow\\.[a-z-]+)`");

    static List<String> services() {
        return ConsumerGroupReplay.touchflowGroups();
    }

    @ParameterizedTest
    @MethodSource("services")
    void theReadmeListsTheTopicsTheCodeConsumesAndProduces(String service) throws IOException {
        Set<String> consumed = new TreeSet<>();
        Set<String> produced = new TreeSet<>();
        scan(service, consumed, produced);
        String readme = Files.readString(ROOT.resolve(service).resolve("README.md"));

        assertThat(consumed).as("%s consumes something", service).isNotEmpty();
        assertThat(topicsListed(readme, "Consumes"))
                .as("%s README, Consumes", service)
                .isEqualTo(consumed);
        assertThat(topicsListed(readme, "Produces"))
                .as("%s README, Produces", service)
                .isEqualTo(produced);
    }

    @ParameterizedTest
    @MethodSource("services")
    void theProjectReadmesServiceTableListsTheSameTopics(String service) throws IOException {
        Set<String> consumed = new TreeSet<>();
        Set<String> produced = new TreeSet<>();
        scan(service, consumed, produced);
        Matcher row = Pattern.compile("(?m)^\\| \\[" + service + "\\]\\([^)]*\\) \\|[^|]*\\|([^|]*)\\|([^|]*)\\|$")
                .matcher(Files.readString(ROOT.resolve("README.md")));

        assertThat(row.find())
                .as("a row for %s in the README's service table", service)
                .isTrue();
        assertThat(shortNames(row.group(1))).as("%s row, consumes", service).isEqualTo(consumed);
        assertThat(shortNames(row.group(2))).as("%s row, produces", service).isEqualTo(produced);
    }

    /** The topics a service's listeners name and those of the events its code writes to its outbox. */
    private static void scan(String service, Set<String> consumed, Set<String> produced) throws IOException {
        try (Stream<Path> sources = Files.walk(ROOT.resolve(service).resolve("src/main/java"))) {
            for (Path source :
                    sources.filter(path -> path.toString().endsWith(".java")).toList()) {
                String code = Files.readString(source);
                Matcher listener = LISTENER.matcher(code);
                while (listener.find()) {
                    TOPIC_CONSTANT
                            .matcher(listener.group())
                            .results()
                            .forEach(topic -> consumed.add(topicNamed(topic.group(1))));
                }
                OUTBOUND.matcher(code).results().forEach(topic -> produced.add(topicNamed(topic.group(1))));
            }
        }
    }

    /** A table cell's topics, written without the {@code touchflow.} prefix and separated by commas. */
    private static Set<String> shortNames(String cell) {
        Set<String> topics = new TreeSet<>();
        for (String name : cell.split(",")) {
            if (!name.isBlank()) {
                topics.add("touchflow." + name.strip());
            }
        }
        return topics;
    }

    /** The backticked topic names of the README's "- **Consumes**:" or "- **Produces**:" item. */
    private static Set<String> topicsListed(String readme, String item) {
        Matcher start = Pattern.compile("(?m)^- \\*\\*" + item + "\\*\\*:").matcher(readme);
        assertThat(start.find()).as("a \"- **%s**:\" item", item).isTrue();
        Matcher next = Pattern.compile("(?m)^(- |#|$)").matcher(readme);
        int end = next.find(start.end()) ? next.start() : readme.length();
        Set<String> topics = new TreeSet<>();
        TOPIC_NAME.matcher(readme.substring(start.end(), end)).results().forEach(topic -> topics.add(topic.group(1)));
        return topics;
    }

    private static String topicNamed(String constant) {
        try {
            return (String) Topics.class.getField(constant).get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Topics." + constant + " is not a topic", e);
        }
    }
}
