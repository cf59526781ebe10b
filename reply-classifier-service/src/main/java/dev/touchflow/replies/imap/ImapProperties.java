package dev.touchflow.replies.imap;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The mailboxes replies arrive in, read over IMAP. */
@ConfigurationProperties("touchflow.replies.imap")
public record ImapProperties(
        List<Mailbox> mailboxes,
        Duration connectTimeout,
        Duration readTimeout,
        Long maxMessageBytes,
        Integer maxAttempts) {

    /**
     * @param connectTimeout  how long to wait for the server to accept a connection (10 s)
     * @param readTimeout     how long one read from the server may block (30 s)
     * @param maxMessageBytes a larger message is skipped, and says so (10 MB)
     * @param maxAttempts     a message whose taking in fails this many times is skipped, and says so (5)
     */
    public ImapProperties {
        mailboxes = mailboxes == null ? List.of() : List.copyOf(mailboxes);
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(30) : readTimeout;
        maxMessageBytes = maxMessageBytes == null ? 10L * 1024 * 1024 : maxMessageBytes;
        maxAttempts = maxAttempts == null ? 5 : maxAttempts;
    }

    /** The mail session's settings: every IMAP connection has connect, read and write timeouts. */
    public Properties session() {
        Properties settings = new Properties();
        for (String protocol : List.of("imap", "imaps")) {
            settings.put("mail." + protocol + ".connectiontimeout", String.valueOf(connectTimeout.toMillis()));
            settings.put("mail." + protocol + ".timeout", String.valueOf(readTimeout.toMillis()));
            settings.put("mail." + protocol + ".writetimeout", String.valueOf(readTimeout.toMillis()));
        }
        return settings;
    }

    /**
     * @param name   a name for the cursor and the logs
     * @param client whose replies arrive here
     * @param idle   whether to wait for new mail with IMAP IDLE where the server has it (default true);
     *               the poll runs either way, as the safety net
     */
    public record Mailbox(
            String name,
            String client,
            String host,
            int port,
            String username,
            String password,
            String folder,
            boolean ssl,
            Boolean idle) {

        public Mailbox {
            folder = folder == null ? "INBOX" : folder;
            idle = idle == null || idle;
        }
    }
}
