package dev.touchflow.schemas.serde;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * FULL compatibility, transitively: the new schema reads data of every earlier version, and every
 * earlier version reads data of the new one.
 */
public final class FullCompatibility {

    private FullCompatibility() {}

    /** The problems found; empty when {@code candidate} is FULL-compatible with all {@code earlier}. */
    public static List<String> problems(Schema candidate, List<Schema> earlier) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < earlier.size(); i++) {
            Schema previous = earlier.get(i);
            check(candidate, previous, "v" + (i + 1) + " data read by the new schema", problems);
            check(previous, candidate, "new data read by v" + (i + 1), problems);
        }
        return problems;
    }

    private static void check(Schema reader, Schema writer, String direction, List<String> problems) {
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
            problems.add(reader.getFullName() + ": " + direction + " fails: "
                    + result.getResult().getIncompatibilities());
        }
    }
}
