package dev.touchflow.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on loopback for fault injection: everything passes until {@link #cut()}, which drops
 * every open connection and refuses new ones, as a network cut or a stopped server does, until
 * {@link #restore()}. It stands between a service and PostgreSQL (or any server) in tests and in
 * {@code ./touchflow chaos}. Hand-written because no fault proxy is served here as a library
 * (netcrusher is not on Maven Central, Toxiproxy is a separate Go server); it is a pair of copying
 * threads per connection, no more.
 */
public final class TcpProxy implements AutoCloseable {

    /** The port asked for, or once bound the one given, so a restore listens where the clients connect. */
    private volatile int port;

    private final String upstreamHost;
    private final int upstreamPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;

    private TcpProxy(int port, String upstreamHost, int upstreamPort) {
        this.port = port;
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
    }

    /** A proxy on {@code 127.0.0.1:port} (0: any free port) to the upstream server, passing from the start. */
    public static TcpProxy start(int port, String upstreamHost, int upstreamPort) {
        TcpProxy proxy = new TcpProxy(port, upstreamHost, upstreamPort);
        proxy.listen(port);
        return proxy;
    }

    public int port() {
        return port;
    }

    /** The network is cut: open connections are dropped and new ones refused. */
    public synchronized void cut() {
        ServerSocket listening = server;
        server = null;
        Sockets.closeQuietly(listening);
        open.forEach(socket -> Sockets.closeQuietly(socket));
        open.clear();
    }

    /** The network is back. */
    public synchronized void restore() {
        if (server == null) {
            listen(port);
        }
    }

    public boolean isCut() {
        return server == null;
    }

    private void listen(int on) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), on), 50);
            server = socket;
            port = socket.getLocalPort();
            Sockets.daemon("tcp-proxy-" + socket.getLocalPort(), () -> accept(socket));
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + on, e);
        }
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            Socket client;
            try {
                client = listening.accept();
            } catch (IOException closed) {
                return;
            }
            try {
                Socket upstream = new Socket(upstreamHost, upstreamPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                open.add(client);
                open.add(upstream);
                Sockets.daemon("tcp-proxy-up", () -> copy(client, upstream));
                Sockets.daemon("tcp-proxy-down", () -> copy(upstream, client));
            } catch (IOException e) {
                Sockets.closeQuietly(client);
            }
        }
    }

    private void copy(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (SocketException closed) {
            // cut, or closed by either end
        } catch (IOException ignored) {
            // the connection ended
        } finally {
            Sockets.closeQuietly(from);
            Sockets.closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    @Override
    public void close() {
        cut();
    }
}
