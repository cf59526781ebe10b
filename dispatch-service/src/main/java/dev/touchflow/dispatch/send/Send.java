package dev.touchflow.dispatch.send;

import java.time.Instant;
import java.util.UUID;

/** One approved touch on its way out. */
public record Send(UUID id, UUID draftId, UUID enrollmentId, int stepNumber, String channel, String clientId,
                   String contactId, String correlationId, String campaignSlug, String toId, String contactName,
                   String subject, String body, String contentHash, String approvedBy, boolean requiresPersonalSend,
                   String status, int attempts, String lastError, Instant notBefore, String fromAddress,
                   String messageId, Instant sentAt, Instant createdAt) {

    /** Email that no person has to send themselves goes out automatically; everything else is a task. */
    public boolean automatic() {
        return "email".equals(channel) && !requiresPersonalSend;
    }
}
