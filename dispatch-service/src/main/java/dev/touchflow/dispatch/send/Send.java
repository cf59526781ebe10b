package dev.touchflow.dispatch.send;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.UUID;

/** One approved touch on its way out; its parts read as one flat object in the API. */
public record Send(
        UUID id,
        @JsonUnwrapped Touch touch,
        @JsonUnwrapped Content content,
        @JsonUnwrapped Decision decision,
        @JsonUnwrapped Progress progress,
        @JsonUnwrapped Envelope envelope,
        Instant createdAt) {

    public SendStatus status() {
        return progress.status();
    }

    public String clientId() {
        return touch.clientId();
    }
}
