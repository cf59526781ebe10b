package dev.touchflow.replies.understand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where the shared evaluation data lives: {@code shared/} beside the project root (found from the
 * module's directory upwards), or wherever {@code TOUCHFLOW_SHARED_DATA} points. It is read in place,
 * never copied into the project.
 */
public final class SharedData {

    private SharedData() {}

    public static Optional<Path> folder(String relative) {
        String configured = System.getenv("TOUCHFLOW_SHARED_DATA");
        Stream<Path> candidates = configured != null
                ? Stream.of(Path.of(configured).resolve(relative))
                : Stream.of("..", "../..", "../../..").map(up -> Path.of(up, "shared", "data", relative));
        return candidates.filter(Files::exists).findFirst();
    }

    /** The 400 labelled replies, one map per record; the calling test is skipped, saying so, when they are absent. */
    public static List<Map<String, Object>> labelledReplies() throws IOException {
        Optional<Path> set = folder("replies/replies.jsonl");
        Assumptions.assumeTrue(set.isPresent(), "SKIPPED: the evaluation set replies/replies.jsonl is not there");
        JsonMapper json = JsonMapper.builder().build();
        List<Map<String, Object>> records = new ArrayList<>();
        for (String line : Files.readAllLines(set.get())) {
            if (!line.isBlank()) {
                records.add(json.readValue(line, new TypeReference<Map<String, Object>>() {}));
            }
        }
        return records;
    }
}
