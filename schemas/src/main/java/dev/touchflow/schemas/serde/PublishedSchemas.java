package dev.touchflow.schemas.serde;

import dev.touchflow.schemas.topics.AvroTopic;
import dev.touchflow.schemas.topics.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.message.SchemaStore;

/**
 * Every published version of every top-level schema, read from
 * {@code touchflow/schema-history/<full name>/v<N>.avsc} on the classpath, so that a reader
 * resolves any writer version it meets by its fingerprint.
 */
public final class PublishedSchemas {

    static final String HISTORY = "touchflow/schema-history/";
    private static final int MAX_VERSIONS = 1000;

    private PublishedSchemas() {}

    /** Versions of one record by full name, oldest first. */
    public static List<Schema> versionsOf(String fullName) {
        List<Schema> versions = new ArrayList<>();
        for (int version = 1; version < MAX_VERSIONS; version++) {
            String path = HISTORY + fullName + "/v" + version + ".avsc";
            try (InputStream in = PublishedSchemas.class.getClassLoader().getResourceAsStream(path)) {
                if (in == null) {
                    break;
                }
                versions.add(new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read published schema " + path, e);
            }
        }
        return versions;
    }

    /** All published versions of every topic's record, by full name. */
    public static Map<String, List<Schema>> all() {
        Map<String, List<Schema>> all = new LinkedHashMap<>();
        for (AvroTopic topic : Topics.AVRO_TOPICS) {
            all.put(topic.schema().getFullName(), versionsOf(topic.schema().getFullName()));
        }
        return all;
    }

    /** A schema store that knows every published version of every schema, and the current ones. */
    public static SchemaStore.Cache store() {
        SchemaStore.Cache store = new SchemaStore.Cache();
        all().values().forEach(versions -> versions.forEach(store::addSchema));
        Topics.AVRO_TOPICS.forEach(topic -> store.addSchema(topic.schema()));
        return store;
    }
}
