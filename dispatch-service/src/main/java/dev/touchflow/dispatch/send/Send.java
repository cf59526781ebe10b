package dev.touchflow.dispatch.send;

import java.time.Instant;
import java.util.UUID;

/**
 * One approved touch on its way out.
 *
 * @param status     pending | sending | sent | failed | cancelled | dead | unknown | task | refused
 * @param undoUntil  until when a person can still cancel it
 * @param mailbox    the sender mailbox it leaves (left) from
 * @param providerMessageId what the provider called it: the SMTP server's acceptance reply, a channel provider's id
 * @param inReplyTo  the Message-ID it follows in its thread
 * @param threadRefs every earlier Message-ID of its thread, space separated
 * @param newThread  it starts a new thread rather than replying in the enrollment's thread
 */
public record Send(
        UUID id,
        UUID draftId,
        UUID enrollmentId,
        int stepNumber,
        String channel,
        String clientId,
        String contactId,
        String correlationId,
        String campaignSlug,
        String toId,
        String contactName,
        String subject,
        String body,
        String contentHash,
        String approvedBy,
        boolean requiresPersonalSend,
        String status,
        int attempts,
        String lastError,
        Instant notBefore,
        Instant undoUntil,
        String mailbox,
        String fromAddress,
        String messageId,
        String providerMessageId,
        String inReplyTo,
        String threadRefs,
        boolean tracked,
        boolean newThread,
        String doneBy,
        Instant sentAt,
        Instant createdAt) {}
