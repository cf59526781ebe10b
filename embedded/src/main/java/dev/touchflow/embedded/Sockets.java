package dev.touchflow.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;

/** What the relays and proxies share: their daemon threads, and closing whatever is left open. */
final class Sockets {

    private Sockets() {}

    /** Closes each, ignoring what fails (a socket may be closed already by the other end). */
    static void closeQuietly(AutoCloseable... closeables) {
        for (AutoCloseable closeable : closeables) {
            if (closeable == null) {
                continue;
            }
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
    }

    /** Runs the task on a daemon thread of this name, so a forgotten relay never keeps the JVM alive. */
    static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Copies until either end closes; stops passing bytes on once {@code cut} is set. */
    static void pipe(InputStream from, OutputStream to, AtomicBoolean cut, Socket a, Socket b) {
        byte[] buffer = new byte[8192];
        try {
            int read;
            while ((read = from.read(buffer)) >= 0) {
                if (cut.get()) {
                    return;
                }
                synchronized (to) {
                    to.write(buffer, 0, read);
                    to.flush();
                }
            }
        } catch (IOException ignored) {
            // the connection ended
        } finally {
            closeQuietly(a, b);
        }
    }
}
