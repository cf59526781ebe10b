package dev.touchflow.local.issuer;

import dev.touchflow.embedded.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** A list kept as JSON in a file only its owner may read: the issuer's agents and people. */
final class JsonListFile<T> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;
    private final TypeReference<List<T>> type;

    JsonListFile(Path file, TypeReference<List<T>> type) {
        this.file = file;
        this.type = type;
    }

    List<T> read() {
        try {
            return Files.exists(file) ? JSON.readValue(file.toFile(), type) : List.of();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    void write(List<T> items) {
        try {
            OwnerOnlyFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(items));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
