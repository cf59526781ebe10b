package dev.touchflow.dispatch.mail;

import dev.touchflow.dispatch.channel.RefusedForGood;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;

/** What an SMTP failure says: refused for good, deferred for one recipient, or a failure of the server. */
final class SmtpReplies {

    private SmtpReplies() {}

    /**
     * Whether the server answered the end of the content with a refusal (4xx or 5xx): then it did not
     * take the message. No reply at all (-1), a cut or a timeout leaves it unknown.
     */
    static boolean refusedAtTheEnd(MessagingException e) {
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
    static String describe(MessagingException e) {
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
     * up and answering) is {@link MailTransport.RecipientDeferred}, retried for that send alone; anything else (no
     * connection, a timeout, 421 and other server-wide 4xx) counts against the server.
     */
    static RuntimeException classify(MailException e) {
        RuntimeException permanent = permanentOrNull(e);
        if (permanent != null) {
            return permanent;
        }
        Throwable deferred = recipientDeferral(e);
        return deferred != null
                ? new MailTransport.RecipientDeferred(
                        "SMTP " + returnCode(deferred) + " for the recipient: " + e.getMessage(), e)
                : e;
    }

    static Throwable recipientDeferral(Throwable e) {
        return causes(e)
                .filter(cause -> cause instanceof SMTPAddressFailedException refused
                        && refused.getReturnCode() >= 400
                        && refused.getReturnCode() < 500
                        && refused.getReturnCode() != 421)
                .findFirst()
                .orElse(null);
    }

    static RuntimeException permanentOrNull(MailException e) {
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
    static Stream<Throwable> causes(Throwable failure) {
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

    static int returnCode(Throwable e) {
        if (e instanceof SMTPSendFailedException failed) {
            return failed.getReturnCode();
        }
        if (e instanceof SMTPAddressFailedException failed) {
            return failed.getReturnCode();
        }
        return -1;
    }
}
