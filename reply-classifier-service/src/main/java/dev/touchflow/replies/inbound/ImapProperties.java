package dev.touchflow.replies.inbound;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The mailboxes replies arrive in, read over IMAP. */
@ConfigurationProperties("touchflow.replies.imap")
public record ImapProperties(List<Mailbox> mailboxes) {

    public ImapProperties {
        mailboxes = mailboxes == null ? List.of() : List.copyOf(mailboxes);
    }

    /**
     * @param name   a name for the cursor and the logs
     * @param client whose replies arrive here
     */
    public record Mailbox(String name, String client, String host, int port, String username, String password,
                          String folder, boolean ssl) {

        public Mailbox {
            folder = folder == null ? "INBOX" : folder;
        }
    }
}
