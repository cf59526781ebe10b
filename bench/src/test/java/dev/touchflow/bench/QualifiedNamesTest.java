package dev.touchflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The JDK's classes are imported, not named in full inside the code: {@code new java.util.HashSet<>()}
 * in a method body is drift the formatter does not catch. Only main and test sources of the modules
 * are read; comments, imports and string literals may name anything.
 */
class QualifiedNamesTest {

    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern INLINE_JDK_NAME = Pattern.compile("(?<![\\w.\"])javax?\\.[a-z.]+\\.[A-Z]\\w*");

    @Test
    void noSourceNamesAJdkClassInFullOutsideItsImports() {
        List<String> found = new ArrayList<>();
        for (Path file : sources()) {
            List<String> lines = read(file);
            for (int i = 0; i < lines.size(); i++) {
                if (inlineJdkName(lines.get(i))) {
                    found.add(PROJECT.relativize(file) + ":" + (i + 1) + ": "
                            + lines.get(i).strip());
                }
            }
        }

        assertThat(found).as("JDK classes named in full in code").isEmpty();
    }

    @Test
    void anInlineNameIsFoundAndImportsCommentsAndStringsAreNot() {
        assertThat(inlineJdkName("        Set<String> seen = new java.util.HashSet<>();"))
                .isTrue();
        assertThat(inlineJdkName("    } catch (java.io.IOException down) {")).isTrue();
        assertThat(inlineJdkName("import java.util.HashSet;")).isFalse();
        assertThat(inlineJdkName("     * like {@link java.util.HashSet}")).isFalse();
        assertThat(inlineJdkName("    // java.util.HashSet would do")).isFalse();
        assertThat(inlineJdkName("        String type = \"java.lang.String\";")).isFalse();
        assertThat(inlineJdkName("        Timer timer = io.micrometer.core.instrument.Timer.builder(\"t\");"))
                .isFalse();
    }

    /** A JDK class named in full on a line of code, outside an import, a comment or a string literal. */
    static boolean inlineJdkName(String line) {
        String text = line.strip();
        if (text.startsWith("import ") || text.startsWith("*") || text.startsWith("/*") || text.startsWith("//")) {
            return false;
        }
        String code = text.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"").replaceAll("//.*$", "");
        return INLINE_JDK_NAME.matcher(code).find();
    }

    private static List<Path> sources() {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> modules = Files.list(PROJECT)) {
            for (Path module : modules.toList()) {
                for (String root : List.of("src/main/java", "src/test/java")) {
                    Path directory = module.resolve(root);
                    if (Files.isDirectory(directory)) {
                        try (Stream<Path> walk = Files.walk(directory)) {
                            walk.filter(file -> file.toString().endsWith(".java"))
                                    .forEach(files::add);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(files).hasSizeGreaterThan(500);
        return files;
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
