package dev.touchflow.dispatch.mail;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.io.OutputStream;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Angus Mail's SMTP transport, knowing whether the message's content began to go out (the server
 * answered DATA with 354). Before that, a failure left nothing with the server; after it, only the
 * server's explicit reply to the final dot says the message was not taken. A connection cut or a
 * read timeout there may have come after the server queued it.
 */
final class StagedSmtpTransport extends SMTPTransport {

    private volatile boolean contentStarted;

    StagedSmtpTransport(Session session, URLName url, boolean ssl) {
        super(session, url, ssl ? "smtps" : "smtp", ssl);
    }

    @Override
    public synchronized void sendMessage(Message message, Address[] addresses) throws MessagingException {
        contentStarted = false;
        super.sendMessage(message, addresses);
    }

    @Override
    protected OutputStream data() throws MessagingException {
        OutputStream content = super.data();
        contentStarted = true;
        return content;
    }

    /** Whether the last message's content began to go out. */
    boolean contentStarted() {
        return contentStarted;
    }
}
