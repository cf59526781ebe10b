package dev.touchflow.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Local secrets (keys, tokens, passwords, agents) written to files only their owner may read. */
public final class OwnerOnlyFiles {

    private OwnerOnlyFiles() {}

    /** Writes {@code text} (UTF-8) to {@code file}, its folders made as needed, readable and writable by the owner only. */
    public static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions keeps the platform's defaults
        }
    }
}
