package dev.touchflow.dispatch.mail;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.time.Duration;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * Hands one message to the SMTP server, with the Message-ID the caller chose, behind a circuit
 * breaker so a server that is down holds the queue instead of burning attempts.
 */
@Component
public class MailTransport {

    private final JavaMailSenderImpl mail;
    private final CircuitBreaker breaker = CircuitBreaker.of("smtp", CircuitBreakerConfig.custom()
            .slidingWindowSize(10)
            .minimumNumberOfCalls(5)
            .failureRateThreshold(50)
            .waitDurationInOpenState(Duration.ofSeconds(30))
            .recordException(e -> !(e instanceof PermanentFailure))
            .build());

    public MailTransport(JavaMailSenderImpl mail) {
        this.mail = mail;
    }

    /** Whether the server is thought to be down, so nothing should be tried now. */
    public boolean holding() {
        return breaker.getState() == CircuitBreaker.State.OPEN;
    }

    /**
     * Sends the message; a {@link PermanentFailure} when the server refused it for good (5xx),
     * any other exception when it may pass.
     */
    public void send(OutgoingMail outgoing) {
        breaker.executeRunnable(() -> {
            try {
                mail.send(message(outgoing));
            } catch (MailException e) {
                throw classify(e);
            }
        });
    }

    private MimeMessage message(OutgoingMail outgoing) {
        try {
            MimeMessage message = new FixedIdMessage(mail.getSession(), outgoing.messageId());
            message.setFrom(new InternetAddress(outgoing.fromAddress(), outgoing.fromName(), "UTF-8"));
            message.setRecipient(jakarta.mail.Message.RecipientType.TO,
                    new InternetAddress(outgoing.toAddress(), outgoing.toName(), "UTF-8"));
            message.setSubject(outgoing.subject(), "UTF-8");
            message.setText(outgoing.body(), "UTF-8");
            return message;
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new PermanentFailure("cannot build the message: " + e.getMessage(), e);
        }
    }

    private static RuntimeException classify(MailException e) {
        Throwable cause = e;
        while (cause != null) {
            int code = returnCode(cause);
            if (code >= 500) {
                return new PermanentFailure("SMTP " + code + ": " + cause.getMessage(), e);
            }
            if (cause instanceof MailSendException send && !send.getFailedMessages().isEmpty()) {
                for (Exception failure : send.getFailedMessages().values()) {
                    int failedCode = returnCode(failure);
                    if (failedCode >= 500) {
                        return new PermanentFailure("SMTP " + failedCode + ": " + failure.getMessage(), e);
                    }
                }
            }
            cause = cause.getCause();
        }
        return e;
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

    /** The server will never take this message as it is. */
    public static final class PermanentFailure extends RuntimeException {

        PermanentFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
