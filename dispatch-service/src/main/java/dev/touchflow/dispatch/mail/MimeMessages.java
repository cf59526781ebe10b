package dev.touchflow.dispatch.mail;

import dev.touchflow.dispatch.channel.RefusedForGood;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.UnsupportedEncodingException;
import java.util.stream.Collectors;

/** The MIME message an outgoing mail is sent as: text and HTML alternatives, its thread and unsubscribe headers. */
final class MimeMessages {

    private MimeMessages() {}

    static MimeMessage of(Session session, OutgoingMail outgoing) {
        try {
            MimeMessage message = new FixedIdMessage(session, outgoing.messageId());
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
}
