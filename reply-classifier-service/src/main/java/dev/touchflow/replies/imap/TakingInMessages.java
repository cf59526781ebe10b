package dev.touchflow.replies.imap;

import dev.touchflow.platform.fault.Failures;
import dev.touchflow.replies.inbound.InboundEmail;
import dev.touchflow.replies.inbound.ReceivingReplies;
import dev.touchflow.replies.understand.RawMail;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
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
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/** One message read over IMAP, taken in as a received reply, or skipped with its reason kept. */
@Component
class TakingInMessages {

    private static final Logger log = LoggerFactory.getLogger(TakingInMessages.class);

    /**
     * One session to parse every message with: making a session reads Jakarta Mail's provider lists
     * from every jar on the class path, 7 % of the CPU in a soak when it was made per message.
     */
    private static final Session PARSING = Session.getInstance(new Properties());

    private final ImapProperties properties;
    private final ReceivingReplies receiving;
    private final MailboxState state;
    private final TransactionalOperator transactions;
    private final Clock clock;
    /** Failures to take in a message, by mailbox and UID; one that keeps failing is skipped. */
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    TakingInMessages(
            ImapProperties properties,
            ReceivingReplies receiving,
            MailboxState state,
            TransactionalOperator transactions,
            Clock clock) {
        this.properties = properties;
        this.receiving = receiving;
        this.state = state;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Takes one message in; false when it failed this time for a reason of its own and the cursor must
     * stay (the next poll tries again). A message that failed so {@code max-attempts} times is skipped:
     * kept in {@code skipped_messages} with the reason and logged at ERROR, so one message can never
     * stop its mailbox. A failure of the database or the mail server is not the message's: it is
     * thrown, the poll retries and its breaker counts it, and the message is never skipped for it.
     */
    boolean takeIn(ImapProperties.Mailbox mailbox, long validity, Message message, long uid) throws MessagingException {
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
    void skip(ImapProperties.Mailbox mailbox, long validity, long uid, Message message, int attempts, String reason)
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
        MimeMessage parsed = new MimeMessage(PARSING, new ByteArrayInputStream(bytes));
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
}
