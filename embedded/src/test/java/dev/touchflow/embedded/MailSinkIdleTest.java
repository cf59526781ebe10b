package dev.touchflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An IMAP client that drops its connection without LOGOUT (curl reading one message does) leaves the mail
 * sink idle: the thread that served it ends, instead of spinning on the closed socket for good.
 */
class MailSinkIdleTest {

    @Test
    void aClientThatHangsUpWithoutLogoutLeavesNoThreadBehind() throws Exception {
        try (MailSink sink = MailSink.start(null, 0, 0)) {
            sink.ensureMailbox("dana@acme.example");
            int clientPort;
            try (Socket client = new Socket("127.0.0.1", sink.imapPort())) {
                clientPort = client.getLocalPort();
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = client.getOutputStream();
                assertThat(in.readLine()).startsWith("* OK");
                // as curl reads one message: log in, select, fetch, and hang up
                out.write("a1 LOGIN dana@acme.example dana@acme.example\r\na2 SELECT INBOX\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                for (String line = in.readLine(); !line.startsWith("a2 "); line = in.readLine()) {
                    assertThat(line).doesNotStartWith("a1 NO");
                }
                assertThat(handlersOf(clientPort)).hasSize(1);
            } // closed without LOGOUT

            // the thread that served it ends; one that spins stays, burning a core, and is named with its CPU time
            List<String> left =
                    await().atMost(Duration.ofSeconds(10)).until(() -> handlersOf(clientPort), List::isEmpty);
            assertThat(left).isEmpty();
        }
    }

    /** The mail sink's threads serving the client on {@code port}, with the CPU time each used so far. */
    private static List<String> handlersOf(int port) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return Arrays.stream(threads.dumpAllThreads(false, false))
                .filter(thread -> thread.getThreadName().endsWith(":" + port))
                .map(thread -> thread.getThreadName() + " cpu="
                        + threads.getThreadCpuTime(thread.getThreadId()) / 1_000_000 + "ms")
                .toList();
    }
}
