package dev.touchflow.replies.understand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the shared evaluation data lives: {@code shared/} beside the project root (found from the
 * module's directory upwards), or wherever {@code TOUCHFLOW_SHARED_DATA} points. It is read in place,
 * never copied into the project.
 */
final class SharedData {

    private SharedData() {
    }

    static Optional<Path> folder(String relative) {
        String configured = System.getenv("TOUCHFLOW_SHARED_DATA");
        Stream<Path> candidates = configured != null ? Stream.of(Path.of(configured).resolve(relative))
                : Stream.of("..", "../..", "../../..").map(up -> Path.of(up, "shared", "data", relative));
        return candidates.filter(Files::exists).findFirst();
    }
}
