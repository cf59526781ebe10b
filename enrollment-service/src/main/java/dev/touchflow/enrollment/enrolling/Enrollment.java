package dev.touchflow.enrollment.enrolling;

import dev.touchflow.enrollment.campaign.ContactDetails;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One contact's run through one version of one campaign. */
public record Enrollment(
        UUID id,
        String clientId,
        ContactDetails contact,
        UUID campaignId,
        String campaignSlug,
        int campaignVersion,
        String status,
        String enrolledBy,
        Instant enrolledAt,
        Instant exitedAt,
        String exitReason,
        String goal,
        String notes,
        String correlationId,
        List<String> chain) {}
