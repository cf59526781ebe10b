package dev.touchflow.dispatch.send;

import java.util.UUID;

/** Which touch a send carries out: the step of an enrollment, on a channel, for a client's contact. */
public record Touch(
        UUID draftId,
        UUID enrollmentId,
        int stepNumber,
        String channel,
        String clientId,
        String contactId,
        String correlationId,
        String campaignSlug) {

    public boolean email() {
        return "email".equals(channel);
    }
}
