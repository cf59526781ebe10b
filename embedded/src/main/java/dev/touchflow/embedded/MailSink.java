package dev.touchflow.embedded;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.UserException;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A real SMTP and IMAP server (GreenMail) that accepts mail for any address. A recipient's
 * mailbox is readable over IMAP with the address as login and password. Mailboxes are written to
 * {@code directory} on close and read back on start, so a restart loses no mail.
 */
public final class MailSink implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final GreenMail greenMail;
    private final Path directory;

    private MailSink(GreenMail greenMail, Path directory) {
        this.greenMail = greenMail;
        this.directory = directory;
    }

    /**
     * Starts both servers on 127.0.0.1. A port of 0 lets the kernel pick a free one as the server
     * binds it ({@link #smtpPort()} and {@link #imapPort()} tell which), so no other process can take
     * it between a pick and the bind, as it can with a port picked ahead.
     */
    public static MailSink start(Path directory, int smtpPort, int imapPort) {
        GreenMail greenMail = new GreenMail(new ServerSetup[] {
            server(smtpPort, ServerSetup.PROTOCOL_SMTP), server(imapPort, ServerSetup.PROTOCOL_IMAP)
        });
        greenMail.start();
        MailSink sink = new MailSink(greenMail, directory);
        sink.restore();
        return sink;
    }

    /**
     * GreenMail gives each server 2 s to start listening; on a busy two-core machine starting the
     * other services beside it, its IMAP server once took longer. Startup waits up to 30 s instead.
     */
    private static ServerSetup server(int port, String protocol) {
        ServerSetup setup = new ServerSetup(port, "127.0.0.1", protocol);
        setup.setServerStartupTimeout(STARTUP_TIMEOUT.toMillis());
        return setup;
    }

    public GreenMail greenMail() {
        return greenMail;
    }

    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    public int imapPort() {
        return greenMail.getImap().getPort();
    }

    /**
     * Opens a mailbox that logs in with its address as user name and password, as the sink makes one
     * for a recipient when the first message reaches it; until then an IMAP reader's login fails.
     */
    public void ensureMailbox(String address) {
        if (greenMail.getUserManager().getUserByEmail(address) == null) {
            greenMail.setUser(address, address, address);
        }
    }

    /** The messages in one recipient's inbox, oldest first. */
    public List<MimeMessage> inboxOf(String address) {
        GreenMailUser user = greenMail.getUserManager().getUserByEmail(address);
        if (user == null) {
            return List.of();
        }
        try {
            return greenMail.getManagers().getImapHostManager().getInbox(user).getMessages().stream()
                    .map(StoredMessage::getMimeMessage)
                    .toList();
        } catch (FolderException e) {
            throw new IllegalStateException("cannot read the inbox of " + address, e);
        }
    }

    private void restore() {
        if (directory == null || !Files.isDirectory(directory)) {
            return;
        }
        Session session = Session.getInstance(new Properties());
        try (Stream<Path> mailboxes = Files.list(directory)) {
            for (Path mailbox : mailboxes.filter(Files::isDirectory).toList()) {
                String address = mailbox.getFileName().toString();
                GreenMailUser user = greenMail.getUserManager().createUser(address, address, address);
                try (Stream<Path> files = Files.list(mailbox)) {
                    for (Path file : files.sorted().toList()) {
                        try (InputStream in = Files.newInputStream(file)) {
                            user.deliver(new MimeMessage(session, in));
                        }
                    }
                }
            }
        } catch (IOException | MessagingException | UserException e) {
            throw new IllegalStateException("cannot restore mailboxes from " + directory, e);
        }
    }

    private void save() throws IOException, MessagingException, FolderException {
        for (GreenMailUser user : greenMail.getUserManager().listUser()) {
            Path mailbox = directory.resolve(user.getEmail());
            Files.createDirectories(mailbox);
            List<StoredMessage> messages =
                    greenMail.getManagers().getImapHostManager().getInbox(user).getMessages();
            for (int i = 0; i < messages.size(); i++) {
                try (OutputStream out = Files.newOutputStream(mailbox.resolve(String.format("%06d.eml", i + 1)))) {
                    messages.get(i).getMimeMessage().writeTo(out);
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            if (directory != null) {
                save();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save mailboxes to " + directory, e);
        } catch (MessagingException | FolderException e) {
            throw new IllegalStateException("cannot save mailboxes to " + directory, e);
        } finally {
            greenMail.stop();
        }
    }
}
