package dev.touchflow.replies.thread;

import java.time.Instant;
import java.util.UUID;

/** A touch dispatch sent, by the Message-ID a reply will refer to. */
public record SentMessage(
        String messageId,
        UUID sendId,
        UUID enrollmentId,
        String clientId,
        String contactId,
        String campaignSlug,
        int stepNumber,
        String toId,
        Instant sentAt,
        String correlationId,
        String traceparent) {}
