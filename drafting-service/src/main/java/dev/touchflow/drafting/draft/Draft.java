package dev.touchflow.drafting.draft;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A drafted touch waiting for, or past, a person's decision. */
public record Draft(UUID id, UUID enrollmentId, int stepNumber, String clientId, String contactId, String correlationId,
                    String campaignSlug, int campaignVersion, String channel, String toId, String subject, String body,
                    Map<String, Object> context, String status, List<String> problems, String madeBy,
                    boolean requiresPersonalSend, int version, String contentHash, String approvedBy,
                    Instant approvedAt, Instant createdAt, Instant updatedAt) {

    public boolean pending() {
        return "pending".equals(status);
    }

    Draft withContent(String newSubject, String newBody) {
        return new Draft(id, enrollmentId, stepNumber, clientId, contactId, correlationId, campaignSlug, campaignVersion,
                channel, toId, newSubject, newBody, context, status, problems, madeBy, requiresPersonalSend, version,
                contentHash, approvedBy, approvedAt, createdAt, updatedAt);
    }
}
