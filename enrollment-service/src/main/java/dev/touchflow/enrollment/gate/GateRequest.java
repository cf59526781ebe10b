package dev.touchflow.enrollment.gate;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.touchflow.enrollment.campaign.ContactDetails;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A handoff waiting for a person to say which campaigns the contact goes into. */
public record GateRequest(
        UUID id,
        String eventId,
        String clientId,
        ContactDetails contact,
        Map<String, Object> meeting,
        String bookedBy,
        List<String> suggestedCampaigns,
        String status,
        List<String> routedCampaigns,
        String goal,
        String notes,
        Instant receivedAt,
        Instant routedAt,
        String routedBy,
        @JsonIgnore String traceparent) {

    boolean pending() {
        return "pending".equals(status);
    }
}
