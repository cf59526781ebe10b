package dev.touchflow.bench.soak;

import dev.touchflow.local.CommandOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** {@code ./touchflow bench soak [--rate R] [--minutes M]}: prints the report as one JSON object. */
public final class SoakCommand {

    static final String USAGE =
            "usage: ./touchflow bench soak [--rate ENROLLMENTS_PER_SECOND] [--minutes M] [--drain-minutes D]";

    private SoakCommand() {}

    /** Runs the soak; the exit status is 0 when it ran (met its targets or not), 2 for bad arguments. */
    public static int run(List<String> args, Path home, PrintStream out, PrintStream err) throws Exception {
        double rate;
        double minutes;
        double drainMinutes;
        try {
            CommandOptions options = CommandOptions.parse(args, Set.of("--rate", "--minutes", "--drain-minutes"));
            rate = options.positive("--rate", 50);
            minutes = options.positive("--minutes", 10);
            drainMinutes = options.positive("--drain-minutes", 10);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage() + "; " + USAGE);
            return 2;
        }
        Path state = Files.createTempDirectory(Files.createDirectories(home.resolve("soak")), "run-");
        err.println("soak: state and logs in " + state);
        SoakReport report = SoakRun.run(new SoakRun.Options(
                rate,
                Duration.ofMillis((long) (minutes * 60_000)),
                Duration.ofMillis((long) (drainMinutes * 60_000)),
                state));
        out.println(report.toJson());
        if (!report.missed().isEmpty()) {
            err.println("soak: targets missed: " + report.missed());
        }
        return 0;
    }
}
