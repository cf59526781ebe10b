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
    private static final int EPHEMERAL_FROM = ephemeralRangeStart();

    private FreePorts() {
    }

    /**
     * A port free now, below the kernel's range for the local ports of outgoing connections, and not
     * handed out before by this JVM. A port the kernel picks for {@code bind(0)} comes from that
     * range, and so may an outgoing connection's local port (to the broker, say) between the moment a
     * port is picked and the moment a service binds it: then the service does not start.
     */
    public static int next() {
        int from = Math.max(10_000, EPHEMERAL_FROM - 12_000);
        if (EPHEMERAL_FROM - from < 1_000) {
            return anyFreePort(); // an unusual range: no room below it
        }
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(from, EPHEMERAL_FROM);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port)) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // in use by something else: try another
            }
        }
        throw new IllegalStateException("no free port found between " + from + " and " + EPHEMERAL_FROM);
    }

    private static int anyFreePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int ephemeralRangeStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
            return Integer.parseInt(range.trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768; // Linux's default; elsewhere as good a boundary as any
        }
    }
}
