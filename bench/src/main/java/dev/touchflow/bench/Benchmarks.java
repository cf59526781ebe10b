package dev.touchflow.bench;

import dev.touchflow.bench.idle.IdleBench;
import dev.touchflow.bench.launch.LaunchBench;
import dev.touchflow.bench.soak.SoakCommand;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ./touchflow bench sequencer|dispatch|dead-letters|classify|soak|idle|launch|replay …}: the benchmarks, each
 * printing one JSON object. They start the services through their applications, on an embedded
 * broker and database of their own (soak: on the local runner).
 */
public final class Benchmarks {

    private static final List<String> NAMES =
            List.of("sequencer", "dispatch", "dead-letters", "soak", "classify", "idle", "launch", "replay");
    private static final String USAGE =
            "usage: ./touchflow bench sequencer [--enrollments N] [--steady-rate R] [--steady-seconds S]"
                    + " | bench dispatch [--messages N] | bench dead-letters [--records N] | bench soak [--rate R] [--minutes M]"
                    + " | bench classify [--replies N] | bench idle [--seconds S] [--settle-seconds W]"
                    + " | bench launch [--contacts N] [--mailboxes M] [--stall-seconds S] [--drafting template|llm] | bench replay [--contacts N]";

    private Benchmarks() {}

    /** The arguments after {@code bench}: the benchmark's name, then its options. */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && List.of("-h", "--help", "help").contains(args[0])) {
            System.out.println(USAGE);
            System.exit(0);
        }
        if (args.length == 0 || !NAMES.contains(args[0])) {
            System.err.println(USAGE);
            System.exit(2);
        }
        String[] options = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "soak" ->
                System.exit(SoakCommand.run(
                        Arrays.asList(options),
                        Path.of(System.getProperty("touchflow.home", ".touchflow"))
                                .toAbsolutePath(),
                        System.out,
                        System.err));
            case "dispatch" -> DispatchBench.main(options);
            case "dead-letters" -> DeadLetterBench.main(options);
            case "classify" -> ClassifyBench.main(options);
            case "idle" -> IdleBench.main(options);
            case "launch" -> LaunchBench.main(options);
            case "replay" -> LaunchBench.replay(options);
            default -> SequencerBench.main(options);
        }
        System.exit(0);
    }
}
