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
     * @param idle   whether to wait for new mail with IMAP IDLE where the server has it (default true);
     *               the poll runs either way, as the safety net
     */
    public record Mailbox(String name, String client, String host, int port, String username, String password,
                          String folder, boolean ssl, Boolean idle) {

        public Mailbox {
            folder = folder == null ? "INBOX" : folder;
            idle = idle == null || idle;
        }
    }
}
