package dev.touchflow.dispatch.mail;

import dev.touchflow.dispatch.channel.RefusedForGood;
import dev.touchflow.dispatch.config.DispatchProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import jakarta.mail.MessagingException;
import jakarta.mail.URLName;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
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
    /** The open connections no lane is sending over now: a lane takes one, and gives it back after a send. */
    private final Deque<StagedSmtpTransport> idle = new ConcurrentLinkedDeque<>();

    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();

    public MailTransport(JavaMailSenderImpl mail, DispatchProperties properties, CircuitBreakerRegistry breakers) {
        this.mail = mail;
        DispatchProperties.Breaker settings = properties.breaker();
        this.breaker = breakers.circuitBreaker(
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
            MimeMessage message = MimeMessages.of(mail.getSession(), outgoing);
            StagedSmtpTransport transport = null;
            try {
                message.saveChanges();
                transport = connection();
                transport.sendMessage(message, message.getAllRecipients());
                String reply = transport.getLastServerResponse();
                idle.push(transport);
                return reply == null ? null : reply.strip();
            } catch (MessagingException e) {
                boolean mayHaveLeft =
                        transport != null && transport.contentStarted() && !SmtpReplies.refusedAtTheEnd(e);
                close(transport);
                if (mayHaveLeft) {
                    throw new MaybeSent(
                            "the server did not say whether it took the message to " + outgoing.toAddress() + ": "
                                    + SmtpReplies.describe(e),
                            e);
                }
                throw SmtpReplies.classify(new MailSendException(
                        "sending to " + outgoing.toAddress() + " failed: " + SmtpReplies.describe(e), e));
            }
        });
    }

    /**
     * An open SMTP connection no one else is using, reused across the messages of one sending round,
     * else a new one; the sender closes the idle ones with {@link #release()} when the round ends. A
     * failed send closes its own.
     */
    private StagedSmtpTransport connection() throws MessagingException {
        for (StagedSmtpTransport open = idle.poll(); open != null; open = idle.poll()) {
            if (open.isConnected()) {
                return open;
            }
        }
        boolean ssl = "smtps".equals(mail.getProtocol());
        StagedSmtpTransport transport = new StagedSmtpTransport(
                mail.getSession(),
                new URLName(ssl ? "smtps" : "smtp", mail.getHost(), mail.getPort(), null, mail.getUsername(), null),
                ssl);
        transport.connect(mail.getHost(), mail.getPort(), mail.getUsername(), mail.getPassword());
        return transport;
    }

    /** Closes the connections the last round left open. */
    public void release() {
        for (StagedSmtpTransport open = idle.poll(); open != null; open = idle.poll()) {
            close(open);
        }
    }

    private static void close(StagedSmtpTransport transport) {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException ignored) {
                // closing anyway
            }
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
