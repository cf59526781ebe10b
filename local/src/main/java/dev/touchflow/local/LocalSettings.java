package dev.touchflow.local;

import dev.touchflow.embedded.FreePorts;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the local runner keeps its state and which ports it listens on.
 *
 * @param overrides extra properties for every service, e.g. {@code touchflow.dispatch.undo-window=0s}
 * @param clock the clock every service tells time by
 */
public record LocalSettings(
        Path stateDirectory,
        int kafkaPort,
        int kafkaControllerPort,
        int postgresPort,
        int smtpPort,
        int imapPort,
        Ports services,
        Map<String, String> overrides,
        Clock clock) {

    /** The HTTP port of each service, of the local token issuer and of the console. */
    public record Ports(
            int enrollment, int sequencer, int drafting, int dispatch, int replies, int issuer, int console) {

        /** Ports free now, for a runner started beside others (tests, soak and chaos runs). */
        public static Ports free() {
            return new Ports(
                    FreePorts.next(),
                    FreePorts.next(),
                    FreePorts.next(),
                    FreePorts.next(),
                    FreePorts.next(),
                    FreePorts.next(),
                    FreePorts.next());
        }
    }

    public static LocalSettings defaults(Path stateDirectory) {
        return new LocalSettings(
                stateDirectory,
                9092,
                9093,
                15432,
                2525,
                3143,
                new Ports(8081, 8082, 8083, 8084, 8085, 8090, 8080),
                Map.of(),
                Clock.systemUTC());
    }

    /**
     * A runner started beside others (benchmarks, soak runs): its broker, database and issuer on ports free now,
     * the mail sink on any, the services' settings overridden by {@code overrides}.
     */
    public static LocalSettings onFreePorts(Path stateDirectory, Map<String, String> overrides) {
        return new LocalSettings(
                stateDirectory,
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next(),
                0,
                0,
                Ports.free(),
                overrides,
                Clock.systemUTC());
    }

    public LocalSettings withOverrides(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(overrides);
        all.putAll(more);
        return with(Map.copyOf(all), clock);
    }

    /** Every service tells time by this clock. */
    public LocalSettings withClock(Clock shared) {
        return with(overrides, shared);
    }

    private LocalSettings with(Map<String, String> newOverrides, Clock newClock) {
        return new LocalSettings(
                stateDirectory,
                kafkaPort,
                kafkaControllerPort,
                postgresPort,
                smtpPort,
                imapPort,
                services,
                newOverrides,
                newClock);
    }
}
