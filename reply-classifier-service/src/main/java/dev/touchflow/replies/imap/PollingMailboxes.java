package dev.touchflow.replies.imap;

import dev.touchflow.platform.fault.Failures;
import dev.touchflow.replies.inbound.InboundEmail;
import dev.touchflow.replies.inbound.ReceivingReplies;
import dev.touchflow.replies.understand.RawMail;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
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

    private final ImapProperties properties;
    private final ReceivingReplies receiving;
    private final MailboxState state;
    private final Session session;
    /** Failures to take in a message, by mailbox and UID; one that keeps failing is skipped. */
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Retry retry = Retry.of(
            "imap",
            RetryConfig.custom()
                    .maxAttempts(3)
                    .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(500), 2.0))
                    .build());

    private final TransactionalOperator transactions;
    private final Clock clock;

    PollingMailboxes(
            ImapProperties properties,
            ReceivingReplies receiving,
            MailboxState state,
            TransactionalOperator transactions,
            Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
        this.properties = properties;
        this.session = Session.getInstance(properties.session());
        this.receiving = receiving;
        this.state = state;
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
                name -> CircuitBreaker.of(
                        "imap-" + name,
                        CircuitBreakerConfig.custom()
                                .slidingWindowSize(3)
                                .minimumNumberOfCalls(3)
                                .waitDurationInOpenState(Duration.ofMinutes(1))
                                .build()));
        synchronized (locks.computeIfAbsent(mailbox.name(), name -> new Object())) {
            try {
                int taken = breaker.executeSupplier(Retry.decorateSupplier(retry, () -> poll(mailbox)));
                if (taken > 0) {
                    log.info("took in {} messages from {}", taken, mailbox.name());
                }
            } catch (RuntimeException e) {
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
                for (Message message : uids.getMessagesByUID(last + 1, UIDFolder.LASTUID)) {
                    long uid = uids.getUID(message);
                    if (uid <= last) {
                        continue;
                    }
                    if (message.getSize() > properties.maxMessageBytes()) {
                        skip(
                                mailbox,
                                validity,
                                uid,
                                message,
                                1,
                                message.getSize() + " bytes, over the limit of " + properties.maxMessageBytes());
                    } else if (!takeIn(mailbox, validity, message, uid)) {
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

    /**
     * Takes one message in; false when it failed this time for a reason of its own and the cursor must
     * stay (the next poll tries again). A message that failed so {@code max-attempts} times is skipped:
     * kept in {@code skipped_messages} with the reason and logged at ERROR, so one message can never
     * stop its mailbox. A failure of the database or the mail server is not the message's: it is
     * thrown, the poll retries and its breaker counts it, and the message is never skipped for it.
     */
    private boolean takeIn(ImapProperties.Mailbox mailbox, long validity, Message message, long uid)
            throws MessagingException {
        String key = mailbox.name() + "#" + validity + "#" + uid;
        byte[] bytes;
        try {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            message.writeTo(raw);
            bytes = raw.toByteArray();
        } catch (IOException e) {
            throw new MessagingException("reading UID " + uid + " failed", e);
        }
        try {
            RawMail mail = RawMail.parse(bytes);
            transactions
                    .transactional(
                            receiving.receive(mailbox.client(), inbound(bytes, mail), "imap", () -> Optional.of(mail)))
                    .block(Duration.ofSeconds(30));
            failures.remove(key);
            return true;
        } catch (MessagingException | RuntimeException e) {
            if (Failures.ofDependency(e)) {
                throw new IllegalStateException("UID " + uid + " could not be taken in: " + Failures.rootMessage(e), e);
            }
            int failed = failures.merge(key, 1, Integer::sum);
            if (failed >= properties.maxAttempts()) {
                skip(mailbox, validity, uid, message, failed, Failures.rootMessage(e));
                failures.remove(key);
                return true;
            }
            log.warn(
                    "message UID {} of mailbox {} failed ({} of {} attempts): {}",
                    uid,
                    mailbox.name(),
                    failed,
                    properties.maxAttempts(),
                    Failures.rootMessage(e));
            return false;
        }
    }

    /** Records a message skipped and why; if even that cannot be written, the cursor does not pass it. */
    private void skip(
            ImapProperties.Mailbox mailbox, long validity, long uid, Message message, int attempts, String reason)
            throws MessagingException {
        String[] ids = message.getHeader("Message-ID");
        state.skip(
                        mailbox.client(),
                        mailbox.name(),
                        validity,
                        uid,
                        ids == null || ids.length == 0 ? null : ids[0],
                        Math.max(message.getSize(), 0),
                        reason,
                        attempts,
                        clock.instant())
                .block(Duration.ofSeconds(10));
        log.error("skipped message UID {} of mailbox {} after {} attempts: {}", uid, mailbox.name(), attempts, reason);
    }

    /** The message as the webhook would carry it; the raw text keeps every byte (ISO-8859-1). */
    private static InboundEmail inbound(byte[] bytes, RawMail mail) throws MessagingException {
        MimeMessage parsed = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
        Map<String, String> headers = new LinkedHashMap<>(mail.headers());
        Instant date = parsed.getSentDate() == null
                ? Instant.now()
                : parsed.getSentDate().toInstant();
        return new InboundEmail(
                mail.from(),
                mail.header("to"),
                mail.subject(),
                date,
                headers,
                mail.text(),
                null,
                new String(bytes, StandardCharsets.ISO_8859_1));
    }

    private long cursor(String mailbox, long validity) {
        Long last = state.lastUid(mailbox, validity).block(Duration.ofSeconds(10));
        return last == null ? 0 : last;
    }

    private void advance(String mailbox, long validity, long uid) {
        state.advance(mailbox, validity, uid).onErrorResume(e -> Mono.empty()).block(Duration.ofSeconds(10));
    }
}
