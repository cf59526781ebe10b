package dev.touchflow.console.gate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A booked meeting waiting to be routed, as enrollment-service lists it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GateRequest(
        UUID id,
        @JsonProperty("client_id") String clientId,
        Map<String, Object> contact,
        Map<String, Object> meeting,
        @JsonProperty("booked_by") String bookedBy,
        @JsonProperty("suggested_campaigns") List<String> suggestedCampaigns,
        @JsonProperty("received_at") Instant receivedAt) {

    public GateRequest {
        contact = contact == null ? Map.of() : contact;
        meeting = meeting == null ? Map.of() : meeting;
        suggestedCampaigns = suggestedCampaigns == null ? List.of() : suggestedCampaigns;
    }

    /** "Dana Ruiz, VP Marketing at Acme", from what the booking said. */
    public String who() {
        String name = String.join(" ", text("first_name"), text("last_name")).strip();
        String title = text("title");
        String company = text("company");
        return (name.isEmpty() ? text("email") : name)
                + (title.isEmpty() ? "" : ", " + title)
                + (company.isEmpty() ? "" : " at " + company);
    }

    public String notes() {
        Object notes = meeting.get("notes");
        return notes == null ? "" : notes.toString();
    }

    private String text(String field) {
        Object value = contact.get(field);
        return value == null ? "" : value.toString();
    }
}
