package dev.touchflow.local.soak;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** {@code ./touchflow bench soak [--rate R] [--minutes M]}: prints the report as one JSON object. */
public final class SoakCommand {

    static final String USAGE = "usage: ./touchflow bench soak [--rate ENROLLMENTS_PER_SECOND] [--minutes M] [--drain-minutes D]";

    private SoakCommand() {
    }

    /** Runs the soak; the exit status is 0 when it ran (met its targets or not), 2 for bad arguments. */
    public static int run(List<String> args, Path home, PrintStream out, PrintStream err) throws Exception {
        double rate = 50;
        double minutes = 10;
        double drainMinutes = 10;
        for (int i = 0; i < args.size(); i++) {
            String value = i + 1 < args.size() ? args.get(i + 1) : null;
            try {
                switch (args.get(i)) {
                    case "--rate" -> rate = Double.parseDouble(value);
                    case "--minutes" -> minutes = Double.parseDouble(value);
                    case "--drain-minutes" -> drainMinutes = Double.parseDouble(value);
                    default -> {
                        err.println(USAGE);
                        return 2;
                    }
                }
            } catch (NumberFormatException | NullPointerException e) {
                err.println(args.get(i) + " needs a number; " + USAGE);
                return 2;
            }
            i++;
        }
        if (rate <= 0 || minutes <= 0 || drainMinutes <= 0) {
            err.println("--rate, --minutes and --drain-minutes must be positive; " + USAGE);
            return 2;
        }
        Path state = Files.createTempDirectory(Files.createDirectories(home.resolve("soak")), "run-");
        err.println("soak: state and logs in " + state);
        SoakReport report = SoakRun.run(new SoakRun.Options(rate, Duration.ofMillis((long) (minutes * 60_000)),
                Duration.ofMillis((long) (drainMinutes * 60_000)), state));
        out.println(report.toJson());
        if (!report.missed().isEmpty()) {
            err.println("soak: targets missed: " + report.missed());
        }
        return 0;
    }
}
