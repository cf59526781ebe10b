package dev.touchflow.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Ports for the servers a test or benchmark starts on this machine. */
public final class FreePorts {

    /** Ports {@link #next} has handed out, so two callers never get the same one. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private static final Span SPAN = outsideEphemeral(ephemeralRange());

    private FreePorts() {}

    /**
     * A port free now, outside the kernel's range for the local ports of outgoing connections, and
     * not handed out before by this JVM. A port the kernel picks for {@code bind(0)} comes from that
     * range, and so may an outgoing connection's local port (to the broker, say) between the moment a
     * port is picked and the moment a service binds it: then the service does not start.
     */
    public static int next() {
        if (SPAN == null) {
            return anyFreePort(); // the ephemeral range covers nearly every port: nothing safer to pick
        }
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(SPAN.from(), SPAN.to() + 1);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port)) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // in use by something else: try another
            }
        }
        throw new IllegalStateException("no free port found between " + SPAN.from() + " and " + SPAN.to());
    }

    /** Ports {@code from} to {@code to}, both included. */
    record Span(int from, int to) {

        int size() {
            return to - from + 1;
        }
    }

    /**
     * Where to pick ports, given the ephemeral range: up to 12,000 ports just below it (no lower than
     * 10,000, clear of the well-known and registered services most machines run), else the ports above
     * it, whichever has at least 1,000; {@code null} when neither has.
     */
    static Span outsideEphemeral(Span ephemeral) {
        Span below = new Span(Math.max(10_000, ephemeral.from() - 12_000), ephemeral.from() - 1);
        Span above = new Span(ephemeral.to() + 1, 65_535);
        if (below.size() >= 1_000) {
            return below;
        }
        return above.size() >= 1_000 ? above : null;
    }

    private static int anyFreePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Span ephemeralRange() {
        try {
            String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .trim()
                    .split("\\s+");
            return new Span(Integer.parseInt(range[0]), Integer.parseInt(range[1]));
        } catch (IOException | RuntimeException e) {
            return new Span(32_768, 60_999); // Linux's default; elsewhere as good a guess as any
        }
    }
}
