package dev.touchflow.console.approvals;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/** The send an approval became, as dispatch-service lists it: what the undo countdown needs. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record QueuedSend(
        UUID id, String status, @JsonProperty("undo_until") Instant undoUntil) {

    /** Whether a person can still cancel it at this instant. */
    public boolean undoable(Instant now) {
        return "pending".equals(status) && undoUntil != null && undoUntil.isAfter(now);
    }
}
