package dev.touchflow.local.chaos;

import dev.touchflow.local.CommandOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** {@code ./touchflow chaos [--minutes M] [--seed S] [--rate R]}: prints the report as one JSON object. */
public final class ChaosCommand {

    static final String USAGE = "usage: ./touchflow chaos [--minutes M] [--seed S] [--rate MEETINGS_PER_SECOND]";

    private ChaosCommand() {}

    /** Runs the suite; the exit status is 0 when every invariant held, 1 when one did not, 2 for bad arguments. */
    public static int run(List<String> args, Path home, PrintStream out, PrintStream err) throws Exception {
        double minutes;
        long seed;
        double rate;
        try {
            CommandOptions options = CommandOptions.parse(args, Set.of("--minutes", "--seed", "--rate"));
            minutes = options.positive("--minutes", 10);
            seed = options.whole("--seed", System.currentTimeMillis());
            rate = options.positive("--rate", 1);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage() + "; " + USAGE);
            return 2;
        }
        Path state = Files.createTempDirectory(Files.createDirectories(home.resolve("chaos")), "run-" + seed + "-");
        err.println("chaos: seed " + seed + ", state and service logs in " + state);
        Duration workload = Duration.ofMillis((long) (minutes * 60_000));
        // after a long run the services work off what waited while they were down: more patience, not less
        Duration settle = workload.compareTo(Duration.ofMinutes(4)) > 0 ? workload : Duration.ofMinutes(4);
        ChaosReport report = ChaosRun.run(new ChaosRun.Options(workload, seed, rate, settle, state));
        out.println(report.toJson());
        if (!report.passed()) {
            err.println("chaos: FAILED (reproduce with --seed " + seed + "): " + report.failures());
        }
        return report.passed() ? 0 : 1;
    }
}
