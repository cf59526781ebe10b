package dev.touchflow.schemas.serde;

import dev.touchflow.schemas.topics.AvroTopic;
import dev.touchflow.schemas.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Records the current schema of every topic as its next published version when it differs from
 * the last one. Run it when a schema change is ready to ship:
 * {@code ./mvnw -q -pl schemas compile exec:java -Dexec.mainClass=dev.touchflow.schemas.serde.SchemaHistoryWriter}.
 */
public final class SchemaHistoryWriter {

    public static void main(String[] args) throws IOException {
        Path history = Path.of(args.length > 0 ? args[0] : "src/main/resources/" + PublishedSchemas.HISTORY);
        for (AvroTopic topic : Topics.AVRO_TOPICS) {
            Schema current = topic.schema();
            List<Schema> versions = PublishedSchemas.versionsOf(current.getFullName());
            long fingerprint = AvroSingleObjectDeserializer.fingerprintOf(current);
            boolean published = versions.stream()
                    .anyMatch(version -> AvroSingleObjectDeserializer.fingerprintOf(version) == fingerprint);
            if (!published) {
                Path file = history.resolve(current.getFullName()).resolve("v" + (versions.size() + 1) + ".avsc");
                Files.createDirectories(file.getParent());
                Files.writeString(file, current.toString(true) + "\n", StandardCharsets.UTF_8);
                System.out.println("published " + file);
            }
        }
    }

    private SchemaHistoryWriter() {}
}
