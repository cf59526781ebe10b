package dev.touchflow.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 requests written back to back on one keep-alive socket before any answer is read, so
 * that each arrives while the server is still finishing the one before. WebTestClient cannot force
 * this: it waits for each answer, and only a race makes the server see a request early.
 */
public final class PipelinedHttp {

    private PipelinedHttp() {}

    /** One bodyless request: method, path and header lines such as {@code Authorization: Bearer x}. */
    public record Request(String method, String path, List<String> headers) {

        public static Request get(String path, String... headers) {
            return new Request("GET", path, List.of(headers));
        }

        public static Request post(String path, String... headers) {
            return new Request("POST", path, List.of(headers));
        }

        String wire() {
            StringBuilder text = new StringBuilder(method)
                    .append(' ')
                    .append(path)
                    .append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1\r\n");
            headers.forEach(header -> text.append(header).append("\r\n"));
            if (method.equals("POST")) {
                text.append("Content-Length: 0\r\n");
            }
            return text.append("\r\n").toString();
        }
    }

    /** Opens a keep-alive connection; every read on it waits at most {@code patience}. */
    public static Connection open(int port, Duration patience) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) patience.toMillis());
        return new Connection(socket);
    }

    /** One keep-alive connection, kept open across {@link #send} calls. */
    public static final class Connection implements AutoCloseable {

        private final Socket socket;

        private Connection(Socket socket) {
            this.socket = socket;
        }

        /**
         * Writes every request in one go, then reads their answers in order. The list holds each
         * answer's status code; it is shorter than the requests when the server stopped answering
         * for the connection's patience, or closed the connection.
         */
        public List<Integer> send(Request... requests) throws IOException {
            StringBuilder all = new StringBuilder();
            for (Request request : requests) {
                all.append(request.wire());
            }
            OutputStream out = socket.getOutputStream();
            out.write(all.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            List<Integer> statuses = new ArrayList<>();
            try {
                while (statuses.size() < requests.length) {
                    Integer status = readResponse(in);
                    if (status == null) {
                        break;
                    }
                    statuses.add(status);
                }
            } catch (SocketTimeoutException unanswered) {
                // the statuses read so far are the answer
            }
            return statuses;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static Integer readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            return null;
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        long length = 0;
        boolean chunked = false;
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(header.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line(in).trim(), 16);
                    size > 0;
                    size = Long.parseLong(line(in).trim(), 16)) {
                in.readNBytes((int) size);
                line(in);
            }
            line(in);
        } else {
            in.readNBytes((int) length);
        }
        return status;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int next = in.read(); next != '\n'; next = in.read()) {
            if (next < 0) {
                return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.US_ASCII);
            }
            if (next != '\r') {
                bytes.write(next);
            }
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }
}
