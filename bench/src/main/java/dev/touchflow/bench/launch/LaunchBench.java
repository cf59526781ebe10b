package dev.touchflow.bench.launch;

import dev.touchflow.local.CommandOptions;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./touchflow bench launch [--contacts N] [--mailboxes M] [--stall-seconds S] [--drafting template|llm]}: a campaign launch through the whole
 * local pipeline, as one JSON object: each stage's rate and completion, the slowest stage, CPU by thread
 * group; {@code ./touchflow bench replay [--contacts N]} adds a full replay after it.
 */
public final class LaunchBench {

    private LaunchBench() {}

    public static void main(String[] args) throws Exception {
        run(args, false);
    }

    /** {@code ./touchflow bench replay}: a launch, then a full replay of every topic ({@link ReplayRun}). */
    public static void replay(String[] args) throws Exception {
        run(args, true);
    }

    private static void run(String[] args, boolean replay) throws Exception {
        CommandOptions options = CommandOptions.parse(
                Arrays.asList(args), Set.of("--contacts", "--mailboxes", "--stall-seconds", "--drafting"));
        String drafting = options.value("--drafting", "template");
        if (!Set.of("template", "llm").contains(drafting)) {
            throw new IllegalArgumentException("--drafting is template or llm, not " + drafting);
        }
        Map<String, Object> report = LaunchRun.run(new LaunchRun.Options(
                (int) options.positive("--contacts", replay ? 10_000 : 100_000),
                (int) options.positive("--mailboxes", 8),
                Duration.ofSeconds((long) options.positive("--stall-seconds", 120)),
                Files.createTempDirectory("touchflow-launch-"),
                "llm".equals(drafting),
                replay));
        System.out.println(JsonMapper.builder().build().writeValueAsString(report));
    }
}
