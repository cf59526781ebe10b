package dev.touchflow.console.approvals;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A draft waiting for a person, as drafting-service lists it: what the approval screen shows. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PendingDraft(
        UUID id,
        @JsonProperty("client_id") String clientId,
        @JsonProperty("contact_id") String contactId,
        @JsonProperty("campaign_slug") String campaignSlug,
        @JsonProperty("step_number") int stepNumber,
        String channel,
        String status,
        String subject,
        String body,
        List<String> problems,
        @JsonProperty("requires_personal_send") boolean requiresPersonalSend,
        @JsonProperty("expires_at") Instant expiresAt) {

    public PendingDraft {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }
}
