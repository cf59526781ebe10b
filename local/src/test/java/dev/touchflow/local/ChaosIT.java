package dev.touchflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.touchflow.local.chaos.ChaosReport;
import dev.touchflow.local.chaos.ChaosRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * The CI run of {@code ./touchflow chaos}: the five services as processes on a three-node cluster, 140
 * seconds of steady workload (a meeting booked every two seconds; longer, up to twice that, until ten
 * kills have landed), at least ten SIGKILLs (some inside the SMTP send window), a
 * broker and PostgreSQL restarted, SMTP outages and 4xx bursts, a network cut; then every invariant of
 * the promise, and a full replay that must change nothing. A failure names the seed;
 * {@code ./touchflow chaos --seed S} replays the same schedule of faults, and
 * {@code ./mvnw verify -pl local -Dit.test=ChaosIT -Dtouchflow.chaos.seed=S} this test with it.
 */
class ChaosIT {

    @Test
    void thePromiseHoldsUnderKillsRestartsOutagesAndNetworkCuts() throws Exception {
        long seed = Long.getLong("touchflow.chaos.seed", System.currentTimeMillis());
        // kept after the run: the service logs and every table, to read when an invariant failed
        Path state = Path.of("target", "chaos-" + seed);
        FileSystemUtils.deleteRecursively(state);
        Files.createDirectories(state);
        ChaosReport report = ChaosRun.run(
                new ChaosRun.Options(Duration.ofSeconds(140), seed, 0.5, Duration.ofMinutes(4), state, 10));

        System.out.println(report.toJson());
        assertThat(report.failures())
                .as("invariants of the run with seed %d", seed)
                .isEmpty();
        assertThat(report.kills()).as("kills").isGreaterThanOrEqualTo(10);
        assertThat(report.brokerRestarts()).as("broker restarts").isGreaterThanOrEqualTo(1);
        assertThat(report.postgresRestarts()).as("PostgreSQL restarts").isGreaterThanOrEqualTo(1);
        assertThat(report.networkCuts()).as("network cuts").isGreaterThanOrEqualTo(1);
        assertThat(report.smtpFaults()).as("SMTP faults").isGreaterThanOrEqualTo(2);
    }
}
