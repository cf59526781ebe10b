package dev.touchflow.dispatch.mail;

/** One email as it leaves: addresses, content and the Message-ID chosen for it. */
public record OutgoingMail(String messageId, String fromAddress, String fromName, String toAddress, String toName,
                           String subject, String body) {
}
