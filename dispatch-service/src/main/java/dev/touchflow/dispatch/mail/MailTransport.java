package dev.touchflow.dispatch.mail;

import dev.touchflow.dispatch.channel.RefusedForGood;
import dev.touchflow.dispatch.config.DispatchProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.UnsupportedEncodingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * Hands one message to the SMTP server, with the Message-ID the caller chose, within the SMTP
 * account's rate limit, behind a circuit breaker so a server that is down holds the queue instead
 * of burning attempts.
 */
@Component
public class MailTransport {

    private final JavaMailSenderImpl mail;
    private final CircuitBreaker breaker;
    /** Used by the one sending thread of this instance. */
    private StagedSmtpTransport connection;

    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();

    public MailTransport(JavaMailSenderImpl mail, DispatchProperties properties) {
        this.mail = mail;
        DispatchProperties.Breaker settings = properties.breaker();
        this.breaker = CircuitBreaker.of(
                "smtp",
                CircuitBreakerConfig.custom()
                        .slidingWindowSize(settings.minimumCalls())
                        .minimumNumberOfCalls(settings.minimumCalls())
                        .failureRateThreshold(settings.failureRatePercent())
                        .waitDurationInOpenState(settings.openFor())
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .automaticTransitionFromOpenToHalfOpenEnabled(true)
                        // the server answered: a refusal of one message or one recipient says nothing of its health
                        .recordException(e -> !(e instanceof RefusedForGood) && !(e instanceof RecipientDeferred))
                        .build());
    }

    /** Whether the server is thought to be down, so nothing should be tried now. */
    public boolean holding() {
        return breaker.getState() == CircuitBreaker.State.OPEN;
    }

    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    /**
     * Sends the message and returns the server's acceptance reply, which names its queue id for it.
     * Throws {@link RefusedForGood} when the server refused it for good (5xx); {@link MaybeSent} when
     * the failure came once the content began to go out and the server never said whether it took the
     * message (a cut connection, a timeout waiting for the reply to the final dot), so it must never be
     * sent again by itself; any other exception when nothing left and it may pass.
     */
    public String send(OutgoingMail outgoing, double ratePerSecond) {
        RateLimiter limiter = limiters.computeIfAbsent(
                outgoing.fromAddress(),
                account -> RateLimiter.of(
                        "smtp-" + account,
                        RateLimiterConfig.custom()
                                .limitForPeriod((int) Math.max(1, Math.ceil(ratePerSecond)))
                                .limitRefreshPeriod(Duration.ofSeconds(1))
                                .timeoutDuration(Duration.ofSeconds(5))
                                .build()));
        RateLimiter.waitForPermission(limiter);
        return breaker.executeSupplier(() -> {
            MimeMessage message = message(outgoing);
            StagedSmtpTransport transport = null;
            try {
                message.saveChanges();
                transport = connection();
                transport.sendMessage(message, message.getAllRecipients());
                return transport.getLastServerResponse() == null
                        ? null
                        : transport.getLastServerResponse().strip();
            } catch (MessagingException e) {
                boolean mayHaveLeft = transport != null && transport.contentStarted() && !refusedAtTheEnd(e);
                release();
                if (mayHaveLeft) {
                    throw new MaybeSent(
                            "the server did not say whether it took the message to " + outgoing.toAddress() + ": "
                                    + describe(e),
                            e);
                }
                throw classify(
                        new MailSendException("sending to " + outgoing.toAddress() + " failed: " + describe(e), e));
            }
        });
    }

    /**
     * The open SMTP connection, reused for the messages of one sending round; the sender closes it
     * with {@link #release()} when the round ends. A failed send closes it too.
     */
    private StagedSmtpTransport connection() throws MessagingException {
        if (connection == null || !connection.isConnected()) {
            boolean ssl = "smtps".equals(mail.getProtocol());
            StagedSmtpTransport transport = new StagedSmtpTransport(
                    mail.getSession(),
                    new URLName(ssl ? "smtps" : "smtp", mail.getHost(), mail.getPort(), null, mail.getUsername(), null),
                    ssl);
            transport.connect(mail.getHost(), mail.getPort(), mail.getUsername(), mail.getPassword());
            connection = transport;
        }
        return connection;
    }

    /** Closes the connection the last round used, if any. */
    public void release() {
        StagedSmtpTransport open = connection;
        connection = null;
        if (open != null) {
            try {
                open.close();
            } catch (MessagingException ignored) {
                // closing anyway
            }
        }
    }

    private MimeMessage message(OutgoingMail outgoing) {
        try {
            MimeMessage message = new FixedIdMessage(mail.getSession(), outgoing.messageId());
            message.setFrom(new InternetAddress(outgoing.fromAddress(), outgoing.fromName(), "UTF-8"));
            message.setRecipient(
                    Message.RecipientType.TO, new InternetAddress(outgoing.toAddress(), outgoing.toName(), "UTF-8"));
            message.setSubject(outgoing.subject(), "UTF-8");
            if (outgoing.inReplyTo() != null) {
                message.setHeader("In-Reply-To", outgoing.inReplyTo());
                message.setHeader("References", String.join(" ", outgoing.references()));
            }
            if (!outgoing.listUnsubscribe().isEmpty()) {
                message.setHeader(
                        "List-Unsubscribe",
                        outgoing.listUnsubscribe().stream()
                                .map(uri -> "<" + uri + ">")
                                .collect(Collectors.joining(", ")));
                message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            }
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(outgoing.text(), "UTF-8", "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(outgoing.html(), "UTF-8", "html");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            message.setContent(alternative);
            return message;
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new RefusedForGood("cannot build the message: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the server answered the end of the content with a refusal (4xx or 5xx): then it did not
     * take the message. No reply at all (-1), a cut or a timeout leaves it unknown.
     */
    private static boolean refusedAtTheEnd(MessagingException e) {
        for (Exception each = e;
                each != null;
                each = each instanceof MessagingException messaging ? messaging.getNextException() : null) {
            int code = returnCode(each);
            if (code >= 400 && code < 600) {
                return true;
            }
        }
        return false;
    }

    /** The messages of a failure and of every exception chained to it, the server's reply among them. */
    private static String describe(MessagingException e) {
        StringBuilder text = new StringBuilder();
        for (Exception each = e;
                each != null;
                each = each instanceof MessagingException messaging ? messaging.getNextException() : null) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append(each.getMessage());
        }
        return text.toString();
    }

    /**
     * A 5xx is {@link RefusedForGood}; a 4xx to one recipient (greylisting, a full mailbox: the server is
     * up and answering) is {@link RecipientDeferred}, retried for that send alone; anything else (no
     * connection, a timeout, 421 and other server-wide 4xx) counts against the server.
     */
    private static RuntimeException classify(MailException e) {
        RuntimeException permanent = permanentOrNull(e);
        if (permanent != null) {
            return permanent;
        }
        Throwable deferred = recipientDeferral(e);
        return deferred != null
                ? new RecipientDeferred("SMTP " + returnCode(deferred) + " for the recipient: " + e.getMessage(), e)
                : e;
    }

    private static Throwable recipientDeferral(Throwable e) {
        return causes(e)
                .filter(cause -> cause instanceof SMTPAddressFailedException refused
                        && refused.getReturnCode() >= 400
                        && refused.getReturnCode() < 500
                        && refused.getReturnCode() != 421)
                .findFirst()
                .orElse(null);
    }

    private static RuntimeException permanentOrNull(MailException e) {
        return causes(e)
                .filter(cause -> returnCode(cause) >= 500)
                .findFirst()
                .map(cause -> new RefusedForGood("SMTP " + returnCode(cause) + ": " + cause.getMessage(), e))
                .orElse(null);
    }

    /**
     * A failure and all it carries, outside in: the exceptions a {@link MessagingException} chains, the
     * causes, and for a {@link MailSendException} the failure of each message it names, in their turn.
     */
    private static Stream<Throwable> causes(Throwable failure) {
        List<Throwable> all = new ArrayList<>();
        for (Throwable cause = failure;
                cause != null && !all.contains(cause);
                cause = cause instanceof MessagingException messaging && messaging.getNextException() != null
                        ? messaging.getNextException()
                        : cause.getCause()) {
            all.add(cause);
            if (cause instanceof MailSendException send) {
                send.getFailedMessages()
                        .values()
                        .forEach(failed -> causes(failed).forEach(all::add));
            }
        }
        return all.stream();
    }

    private static int returnCode(Throwable e) {
        if (e instanceof SMTPSendFailedException failed) {
            return failed.getReturnCode();
        }
        if (e instanceof SMTPAddressFailedException failed) {
            return failed.getReturnCode();
        }
        return -1;
    }

    /** A message whose Message-ID is fixed by the sender, derived from the send id. */
    private static final class FixedIdMessage extends MimeMessage {

        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }

    /** The message may have reached the server: never sent again without a person's decision. */
    public static final class MaybeSent extends RuntimeException {

        public MaybeSent(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The server, up and answering, asked to try this recipient again later: that send waits, the queue does not. */
    public static final class RecipientDeferred extends RuntimeException {

        public RecipientDeferred(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
