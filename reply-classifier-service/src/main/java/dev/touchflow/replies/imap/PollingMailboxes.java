package dev.touchflow.replies.imap;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Reads replies from each configured mailbox over IMAP (Jakarta Mail), taking in every message
 * after the last UID read; the cursor (with the folder's UIDVALIDITY) is kept in the database, so a
 * restart reads nothing twice and misses nothing, and dedupe by Message-ID covers the rest. Each
 * mailbox is polled through a retry with backoff and its own circuit breaker, so a mail server that
 * is down is left alone for a while instead of being hammered. The message is opened read-only and
 * never changed. {@link WatchingMailboxes} asks for a poll at once when IMAP IDLE says mail arrived.
 */
@Component
class PollingMailboxes {

    private static final Logger log = LoggerFactory.getLogger(PollingMailboxes.class);

    /**
     * The bytes of whole messages one poll holds: the folder keeps every message it fetched until it is
     * closed, so a large backlog is read in polls of this much, back to back.
     */
    private static final long POLL_BYTES = 64L * 1024 * 1024;

    private final ImapProperties properties;
    private final MailboxState state;
    private final TakingInMessages intake;
    private final Session session;

    private final CircuitBreakerRegistry breakerRegistry;
    private final ImapHealthIndicator health;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Retry retry = Retry.of(
            "imap",
            RetryConfig.custom()
                    .maxAttempts(3)
                    .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(500), 2.0))
                    .build());

    PollingMailboxes(
            ImapProperties properties,
            MailboxState state,
            TakingInMessages intake,
            CircuitBreakerRegistry breakerRegistry,
            ImapHealthIndicator health) {
        this.breakerRegistry = breakerRegistry;
        this.health = health;
        this.properties = properties;
        this.session = Session.getInstance(properties.session());
        this.state = state;
        this.intake = intake;
    }

    @Scheduled(
            fixedDelayString = "${touchflow.replies.imap.poll-interval:30s}",
            initialDelayString = "PT2S",
            scheduler = "repliesImapThread")
    void pollAll() {
        for (ImapProperties.Mailbox mailbox : properties.mailboxes()) {
            pollGuarded(mailbox);
        }
    }

    /**
     * Polls one mailbox through its retry and circuit breaker; one poll of a mailbox at a time, as the
     * schedule and the IDLE watcher may both ask.
     */
    void pollGuarded(ImapProperties.Mailbox mailbox) {
        CircuitBreaker breaker = breakers.computeIfAbsent(
                mailbox.name(),
                name -> breakerRegistry.circuitBreaker(
                        "imap-" + name,
                        CircuitBreakerConfig.custom()
                                .slidingWindowSize(3)
                                .minimumNumberOfCalls(3)
                                .waitDurationInOpenState(Duration.ofMinutes(1))
                                .build()));
        synchronized (locks.computeIfAbsent(mailbox.name(), name -> new Object())) {
            try {
                Polled polled;
                do {
                    polled = breaker.executeSupplier(Retry.decorateSupplier(retry, () -> poll(mailbox)));
                    health.succeeded(mailbox.name());
                    if (polled.taken() > 0) {
                        log.info("took in {} messages from {}", polled.taken(), mailbox.name());
                    }
                } while (polled.more());
            } catch (CallNotPermittedException e) {
                health.held(mailbox.name());
            } catch (RuntimeException e) {
                health.failed(mailbox.name(), e);
                log.warn("could not read mailbox {}: {}", mailbox.name(), e.toString());
            }
        }
    }

    /** What one poll did: how many messages it took in, and whether more wait beyond its budget. */
    private record Polled(int taken, boolean more) {}

    /** Takes in the mailbox's new messages, up to {@link #POLL_BYTES} of them. */
    private Polled poll(ImapProperties.Mailbox mailbox) {
        try (Store store = session.getStore(mailbox.ssl() ? "imaps" : "imap")) {
            store.connect(mailbox.host(), mailbox.port(), mailbox.username(), mailbox.password());
            Folder folder = store.getFolder(mailbox.folder());
            folder.open(Folder.READ_ONLY);
            try {
                UIDFolder uids = (UIDFolder) folder;
                long validity = uids.getUIDValidity();
                long last = cursor(mailbox.name(), validity);
                NewMessages fresh = NewMessages.after(folder, last, properties.maxMessageBytes());
                int taken = 0;
                long held = 0;
                while (fresh.hasNext()) {
                    if (held >= POLL_BYTES) {
                        return new Polled(taken, true);
                    }
                    for (Message message : fresh.nextChunk()) {
                        long uid = uids.getUID(message);
                        if (uid <= last) {
                            continue;
                        }
                        if (!takeIn(mailbox, validity, message, uid)) {
                            return new Polled(taken, false);
                        }
                        advance(mailbox.name(), validity, uid);
                        last = uid;
                        taken++;
                        held += Math.max(message.getSize(), 0);
                    }
                }
                return new Polled(taken, false);
            } finally {
                folder.close(false);
            }
        } catch (MessagingException e) {
            throw new IllegalStateException("IMAP " + mailbox.host() + ":" + mailbox.port() + ": " + e.getMessage(), e);
        }
    }

    /** Takes one message in, or skips it for its size; false when it failed this time and the cursor stays. */
    private boolean takeIn(ImapProperties.Mailbox mailbox, long validity, Message message, long uid)
            throws MessagingException {
        if (message.getSize() > properties.maxMessageBytes()) {
            intake.skip(
                    mailbox,
                    validity,
                    uid,
                    message,
                    1,
                    message.getSize() + " bytes, over the limit of " + properties.maxMessageBytes());
            return true;
        }
        return intake.takeIn(mailbox, validity, message, uid);
    }

    private long cursor(String mailbox, long validity) {
        Long last = state.lastUid(mailbox, validity).block(Duration.ofSeconds(10));
        return last == null ? 0 : last;
    }

    private void advance(String mailbox, long validity, long uid) {
        state.advance(mailbox, validity, uid).onErrorResume(e -> Mono.empty()).block(Duration.ofSeconds(10));
    }
}
