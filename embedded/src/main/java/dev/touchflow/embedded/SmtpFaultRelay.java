package dev.touchflow.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A TCP relay in front of the real SMTP server that can make the provider misbehave the way real
 * ones do: answer {@code RCPT TO} for chosen recipients with a 4xx (a given number of times) or a
 * 5xx, answer every recipient with a 4xx for a burst, take a message to chosen recipients and cut
 * the connection instead of passing on the server's reply to its end (the server has it; the sender
 * cannot know), and go away altogether (connections refused) and come back. Everything else is the
 * real server's dialogue. A listener hears of each message the moment its end has been passed on to
 * the server, so a fault can be made to land inside the send window. Used by dispatch-service's tests
 * and {@code ./touchflow chaos}; hand-written for the reason {@link TcpProxy} is.
 */
public final class SmtpFaultRelay implements AutoCloseable {

    private final int port;
    private final int upstreamPort;
    private final ConcurrentHashMap<String, AtomicInteger> temporaryFailures = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Boolean> permanentFailures = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Boolean> cutsAfterData = new ConcurrentHashMap<>();
    private final AtomicInteger burst = new AtomicInteger();
    private volatile Runnable endOfData = () -> {};
    private volatile Consumer<List<String>> beforeEndOfData = recipients -> {};
    private volatile ServerSocket server;

    private SmtpFaultRelay(int port, int upstreamPort) {
        this.port = port;
        this.upstreamPort = upstreamPort;
    }

    /** A relay on {@code 127.0.0.1:port} to the SMTP server on {@code upstreamPort}, passing from the start. */
    public static SmtpFaultRelay start(int port, int upstreamPort) {
        SmtpFaultRelay relay = new SmtpFaultRelay(port, upstreamPort);
        relay.up();
        return relay;
    }

    public int port() {
        return port;
    }

    /** The next {@code times} recipients, whoever they are, are answered 451: a provider's bad minute. */
    public void failEveryRecipient(int times) {
        burst.set(times);
    }

    /** Called on the relay's thread each time the end of a message has been passed on to the server. */
    public void onEndOfData(Runnable listener) {
        endOfData = listener;
    }

    /**
     * Called on the relay's thread with a message's recipients before its end is passed on to the
     * server: while it runs, the sender waits for the server's answer to the message.
     */
    public void beforeEndOfData(Consumer<List<String>> listener) {
        beforeEndOfData = listener;
    }

    /** The next {@code times} deliveries to this address are answered 451. */
    public void failTemporarily(String address, int times) {
        temporaryFailures.put(address.toLowerCase(Locale.ROOT), new AtomicInteger(times));
    }

    /** Every delivery to this address is answered 550. */
    public void failPermanently(String address) {
        permanentFailures.put(address.toLowerCase(Locale.ROOT), true);
    }

    /**
     * The next message to this address reaches the server, which takes it, but the connection is cut
     * before its reply to the end of the content reaches the sender.
     */
    public void cutAfterData(String address) {
        cutsAfterData.put(address.toLowerCase(Locale.ROOT), true);
    }

    /** The provider is gone: connections are refused. */
    public synchronized void down() {
        try {
            if (server != null) {
                server.close();
                server = null;
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public synchronized void up() {
        if (server != null) {
            return;
        }
        try {
            ServerSocket socket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            server = socket;
            Thread acceptor = new Thread(() -> accept(socket), "smtp-fault-relay-" + port);
            acceptor.setDaemon(true);
            acceptor.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + port, e);
        }
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                InputStream fromServer = upstream.getInputStream();
                OutputStream toClient = client.getOutputStream();
                AtomicBoolean cut = new AtomicBoolean();
                Sockets.daemon("smtp-fault-relay", () -> Sockets.pipe(fromServer, toClient, cut, client, upstream));
                Sockets.daemon("smtp-fault-relay", () -> relayCommands(client, upstream, cut));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relayCommands(Socket client, Socket upstream, AtomicBoolean cut) {
        try (BufferedReader commands =
                new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1))) {
            OutputStream toServer = upstream.getOutputStream();
            OutputStream toClient = client.getOutputStream();
            boolean inData = false;
            boolean cutThisOne = false;
            List<String> recipients = new ArrayList<>();
            String line;
            while ((line = commands.readLine()) != null) {
                if (!inData && line.toUpperCase(Locale.ROOT).startsWith("MAIL FROM:")) {
                    cutThisOne = false;
                    recipients = new ArrayList<>();
                }
                if (!inData && line.toUpperCase(Locale.ROOT).startsWith("RCPT TO:")) {
                    String address = line.substring(line.indexOf('<') + 1, line.indexOf('>'))
                            .toLowerCase(Locale.ROOT);
                    cutThisOne |= cutsAfterData.remove(address) != null;
                    recipients.add(address);
                    AtomicInteger left = temporaryFailures.get(address);
                    if (left != null && left.getAndDecrement() > 0 || burst.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        reply(toClient, "451 4.3.0 Temporary local problem, try again later");
                        continue;
                    }
                    if (permanentFailures.containsKey(address)) {
                        reply(toClient, "550 5.1.1 <" + address + ">: Recipient address rejected: User unknown");
                        continue;
                    }
                }
                if (!inData && line.equalsIgnoreCase("DATA")) {
                    inData = true;
                } else if (inData && line.equals(".")) {
                    inData = false;
                    beforeEndOfData.accept(List.copyOf(recipients));
                    // whatever the server answers to the end of this one never reaches the sender
                    cut.set(cutThisOne);
                }
                toServer.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                toServer.flush();
                if (!inData && line.equals(".")) {
                    endOfData.run();
                }
            }
        } catch (IOException ignored) {
            // the connection ended
        } finally {
            Sockets.closeQuietly(client, upstream);
        }
    }

    private static void reply(OutputStream toClient, String line) throws IOException {
        synchronized (toClient) {
            toClient.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            toClient.flush();
        }
    }

    @Override
    public void close() {
        down();
    }
}
