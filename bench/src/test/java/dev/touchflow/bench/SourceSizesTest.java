package dev.touchflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every file in any module's {@code src/main/java} reads in one sitting: none is over 200 lines, and the
 * median file holds under 50 lines of code (lines that are not blank, not comments and not package or
 * import declarations).
 */
class SourceSizesTest {

    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void noSourceFileIsOver200Lines() {
        List<Path> files = sources().toList();
        List<String> over = files.stream()
                .filter(file -> lines(file).size() > 200)
                .map(file -> PROJECT.relativize(file) + " (" + lines(file).size() + " lines)")
                .toList();

        assertThat(files).hasSizeGreaterThan(300);
        assertThat(over).as("files over 200 lines").isEmpty();
    }

    @Test
    void theMedianSourceFileHoldsUnder50LinesOfCode() {
        List<Integer> code =
                sources().map(file -> codeLines(lines(file))).sorted().toList();

        assertThat(code).hasSizeGreaterThan(300);
        assertThat(code.get(code.size() / 2)).isLessThan(50);
    }

    @Test
    void linesOfCodeLeaveOutBlanksCommentsPackageAndImports() {
        List<String> file = List.of(
                "package a;",
                "",
                "import b.C;",
                "/**",
                " * A class. */",
                "class D {",
                "    // a note",
                "    /* one line */",
                "    int e = 1; // counted",
                "}");

        assertThat(codeLines(file)).isEqualTo(3);
    }

    /** Lines that are not blank, not inside or starting a comment, and not a package or import line. */
    static int codeLines(List<String> lines) {
        int code = 0;
        boolean inComment = false;
        for (String line : lines) {
            String text = line.strip();
            if (inComment) {
                inComment = !text.contains("*/");
            } else if (text.startsWith("/*")) {
                inComment = !text.contains("*/");
            } else if (!text.isEmpty()
                    && !text.startsWith("//")
                    && !text.startsWith("package ")
                    && !text.startsWith("import ")) {
                code++;
            }
        }
        return code;
    }

    private static Stream<Path> sources() {
        try (Stream<Path> modules = Files.list(PROJECT)) {
            return modules.map(module -> module.resolve("src/main/java")).filter(Files::isDirectory).toList().stream()
                    .flatMap(SourceSizesTest::javaFiles);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Path> javaFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
