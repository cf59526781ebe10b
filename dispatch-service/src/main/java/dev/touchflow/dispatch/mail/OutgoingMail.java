package dev.touchflow.dispatch.mail;

import java.util.List;

/**
 * One email as it leaves: who from and to, the text and HTML parts, and the headers that thread it
 * and let the recipient unsubscribe in one click.
 *
 * @param inReplyTo       the Message-ID of the touch this one follows, or null for a thread's first
 * @param references      every earlier Message-ID of the thread, oldest first
 * @param listUnsubscribe the List-Unsubscribe URIs (https and mailto), or empty
 */
public record OutgoingMail(
        String messageId,
        String fromAddress,
        String fromName,
        String toAddress,
        String toName,
        String subject,
        String text,
        String html,
        String inReplyTo,
        List<String> references,
        List<String> listUnsubscribe) {}
