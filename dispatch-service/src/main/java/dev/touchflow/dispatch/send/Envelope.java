package dev.touchflow.dispatch.send;

/**
 * How a send leaves: the mailbox and Message-ID an email goes with and the thread it continues.
 * Set when it is handed over; empty before, and for a touch a channel provider sends.
 *
 * @param mailbox           the sender mailbox it leaves (left) from
 * @param providerMessageId what the provider called it: the SMTP server's acceptance reply, a channel provider's id
 * @param inReplyTo         the Message-ID it follows in its thread
 * @param threadRefs        every earlier Message-ID of its thread, space separated
 * @param newThread         it starts a new thread rather than replying in the enrollment's thread
 */
public record Envelope(
        String mailbox,
        String fromAddress,
        String messageId,
        String providerMessageId,
        String inReplyTo,
        String threadRefs,
        boolean tracked,
        boolean newThread) {

    /** Not handed over yet. */
    static Envelope unsent(boolean newThread) {
        return new Envelope(null, null, null, null, null, null, false, newThread);
    }

    /** The email as it is about to leave: from this mailbox, with this Message-ID, after these messages. */
    Envelope leaving(
            String mailbox, String from, String messageId, String inReplyTo, String threadRefs, boolean tracked) {
        return new Envelope(mailbox, from, messageId, null, inReplyTo, threadRefs, tracked, newThread);
    }
}
