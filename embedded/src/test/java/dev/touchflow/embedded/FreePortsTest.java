package dev.touchflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.touchflow.embedded.FreePorts.Span;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void portsComeFromJustBelowLinuxsDefaultEphemeralRange() {
        assertThat(FreePorts.outsideEphemeral(new Span(32_768, 60_999))).isEqualTo(new Span(20_768, 32_767));
    }

    @Test
    void aRangeStartingLowLeavesThePortsAboveIt() {
        assertThat(FreePorts.outsideEphemeral(new Span(1_024, 49_999))).isEqualTo(new Span(50_000, 65_535));
        assertThat(FreePorts.outsideEphemeral(new Span(10_500, 60_999))).isEqualTo(new Span(61_000, 65_535));
    }

    @Test
    void theSpanBelowNeverReachesIntoRegisteredServicesPorts() {
        assertThat(FreePorts.outsideEphemeral(new Span(15_000, 60_999))).isEqualTo(new Span(10_000, 14_999));
    }

    @Test
    void aRangeCoveringNearlyEveryPortLeavesNothingSafeToPick() {
        assertThat(FreePorts.outsideEphemeral(new Span(1_024, 65_000))).isNull();
    }

    @Test
    void handedOutPortsAreDistinctAndBindable() throws IOException {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = FreePorts.next();
            assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
            try (ServerSocket socket = new ServerSocket(port)) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
