package dev.touchflow.replies.imap;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import jakarta.mail.FetchProfile;
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

    /** What a poll reads of every new message before taking each in: its UID, size and envelope. */
    private static final FetchProfile PREFETCH = new FetchProfile();

    static {
        PREFETCH.add(UIDFolder.FetchProfileItem.UID);
        PREFETCH.add(FetchProfile.Item.SIZE);
        PREFETCH.add(FetchProfile.Item.ENVELOPE);
    }

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
                int taken = breaker.executeSupplier(Retry.decorateSupplier(retry, () -> poll(mailbox)));
                health.succeeded(mailbox.name());
                if (taken > 0) {
                    log.info("took in {} messages from {}", taken, mailbox.name());
                }
            } catch (CallNotPermittedException e) {
                health.held(mailbox.name());
            } catch (RuntimeException e) {
                health.failed(mailbox.name(), e);
                log.warn("could not read mailbox {}: {}", mailbox.name(), e.toString());
            }
        }
    }

    /** Takes in the mailbox's new messages; returns how many. */
    private int poll(ImapProperties.Mailbox mailbox) {
        try (Store store = session.getStore(mailbox.ssl() ? "imaps" : "imap")) {
            store.connect(mailbox.host(), mailbox.port(), mailbox.username(), mailbox.password());
            Folder folder = store.getFolder(mailbox.folder());
            folder.open(Folder.READ_ONLY);
            try {
                UIDFolder uids = (UIDFolder) folder;
                long validity = uids.getUIDValidity();
                long last = cursor(mailbox.name(), validity);
                int taken = 0;
                Message[] fresh = uids.getMessagesByUID(last + 1, UIDFolder.LASTUID);
                // sizes and envelopes in one command for them all, rather than a round trip per message
                folder.fetch(fresh, PREFETCH);
                for (Message message : fresh) {
                    long uid = uids.getUID(message);
                    if (uid <= last) {
                        continue;
                    }
                    if (message.getSize() > properties.maxMessageBytes()) {
                        intake.skip(
                                mailbox,
                                validity,
                                uid,
                                message,
                                1,
                                message.getSize() + " bytes, over the limit of " + properties.maxMessageBytes());
                    } else if (!intake.takeIn(mailbox, validity, message, uid)) {
                        return taken;
                    }
                    advance(mailbox.name(), validity, uid);
                    last = uid;
                    taken++;
                }
                return taken;
            } finally {
                folder.close(false);
            }
        } catch (MessagingException e) {
            throw new IllegalStateException("IMAP " + mailbox.host() + ":" + mailbox.port() + ": " + e.getMessage(), e);
        }
    }

    private long cursor(String mailbox, long validity) {
        Long last = state.lastUid(mailbox, validity).block(Duration.ofSeconds(10));
        return last == null ? 0 : last;
    }

    private void advance(String mailbox, long validity, long uid) {
        state.advance(mailbox, validity, uid).onErrorResume(e -> Mono.empty()).block(Duration.ofSeconds(10));
    }
}
