package dev.touchflow.replies.imap;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * IMAP IDLE (RFC 2177) for each mailbox that wants it and whose server has it: one thread a mailbox
 * holds a connection open in IDLE, and when the server says something arrived, the mailbox is polled
 * at once, so a reply is read within a second instead of at the next poll. The IDLE is renewed before
 * the 29 minutes after which servers may drop it; a dropped connection is opened again with backoff.
 * A server without IDLE is left to the poll, which runs in any case as the safety net.
 */
@Component
class WatchingMailboxes implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WatchingMailboxes.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final ImapProperties properties;
    private final PollingMailboxes polling;
    private final Duration renewal;
    private final Session session;
    private final List<Thread> watchers = new ArrayList<>();
    private final List<Store> stores = new ArrayList<>();
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "imap-idle-renewal");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running;

    WatchingMailboxes(
            ImapProperties properties,
            PollingMailboxes polling,
            @Value("${touchflow.replies.imap.idle-renewal:25m}") Duration renewal) {
        this.properties = properties;
        this.session = Session.getInstance(properties.session());
        this.polling = polling;
        this.renewal = renewal;
    }

    @Override
    public void start() {
        running = true;
        for (ImapProperties.Mailbox mailbox : properties.mailboxes()) {
            if (Boolean.TRUE.equals(mailbox.idle())) {
                Thread watcher = new Thread(() -> watch(mailbox), "imap-idle-" + mailbox.name());
                watcher.setDaemon(true);
                watchers.add(watcher);
                watcher.start();
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        synchronized (stores) {
            for (Store store : stores) {
                try {
                    store.close();
                } catch (MessagingException | RuntimeException ignored) {
                    // closing ends the IDLE, which is all that is wanted
                }
            }
        }
        renewals.shutdownNow();
        for (Thread watcher : watchers) {
            watcher.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void watch(ImapProperties.Mailbox mailbox) {
        Duration backoff = Duration.ofSeconds(1);
        while (running) {
            try (Store store = session.getStore(mailbox.ssl() ? "imaps" : "imap")) {
                store.connect(mailbox.host(), mailbox.port(), mailbox.username(), mailbox.password());
                if (!((IMAPStore) store).hasCapability("IDLE")) {
                    log.info("{} has no IMAP IDLE; its mailbox {} is polled only", mailbox.host(), mailbox.name());
                    return;
                }
                register(store);
                IMAPFolder folder = (IMAPFolder) store.getFolder(mailbox.folder());
                folder.open(Folder.READ_ONLY);
                // A message announced as the IDLE starts (a server may flush what it held before its "+") is
                // seen by the folder while the IDLE goes on waiting for the next one: end the IDLE, so it is polled
                folder.addMessageCountListener(new MessageCountAdapter() {
                    @Override
                    public void messagesAdded(MessageCountEvent event) {
                        renewals.execute(() -> messageCount(folder));
                    }
                });
                backoff = Duration.ofSeconds(1);
                while (running && folder.isOpen()) {
                    // Anything that arrived while no IDLE was open: the server announces what arrives during a
                    // poll only on this connection's next command, so a poll that saw the count move is followed
                    // by another before the next IDLE, or a message arriving mid-poll would wait for the schedule
                    int before = announced(folder);
                    polling.pollGuarded(mailbox);
                    if (!running || announced(folder) != before) {
                        continue;
                    }
                    // Any other call on the folder ends the IDLE, so the renewal asks for the message count
                    ScheduledFuture<?> renew =
                            renewals.schedule(() -> messageCount(folder), renewal.toMillis(), TimeUnit.MILLISECONDS);
                    try {
                        folder.idle(true);
                    } finally {
                        renew.cancel(false);
                    }
                }
            } catch (MessagingException | RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("IMAP IDLE on {} stopped ({}); again in {}", mailbox.name(), e.toString(), backoff);
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private void register(Store store) {
        synchronized (stores) {
            stores.removeIf(known -> !known.isConnected());
            stores.add(store);
        }
    }

    /** The folder's message count after a NOOP, which brings the server's pending announcements. */
    private static int announced(IMAPFolder folder) throws MessagingException {
        folder.doCommand(protocol -> {
            protocol.noop();
            return null;
        });
        return folder.getMessageCount();
    }

    private static void messageCount(IMAPFolder folder) {
        try {
            folder.getMessageCount();
        } catch (MessagingException | RuntimeException ignored) {
            // the watcher sees a broken connection itself
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
