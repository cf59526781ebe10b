package dev.touchflow.dispatch.send;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.UUID;

/**
 * One approved touch on its way out; its parts read as one flat object in the API. The trace of the
 * approval it came from (W3C traceparent, not in the API) is continued by what dispatch says of it.
 */
public record Send(
        UUID id,
        @JsonUnwrapped Touch touch,
        @JsonUnwrapped Content content,
        @JsonUnwrapped Decision decision,
        @JsonUnwrapped Progress progress,
        @JsonUnwrapped Envelope envelope,
        Instant createdAt,
        @JsonIgnore String traceparent) {

    /** A send not yet stored, or read where its trace does not matter. */
    public Send(
            UUID id,
            Touch touch,
            Content content,
            Decision decision,
            Progress progress,
            Envelope envelope,
            Instant createdAt) {
        this(id, touch, content, decision, progress, envelope, createdAt, null);
    }

    public SendStatus status() {
        return progress.status();
    }

    public String clientId() {
        return touch.clientId();
    }
}
