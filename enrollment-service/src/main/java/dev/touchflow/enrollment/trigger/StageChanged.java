package dev.touchflow.enrollment.trigger;

import dev.touchflow.enrollment.campaign.ContactDetails;
import dev.touchflow.enrollment.campaign.IngressJson;
import tools.jackson.databind.JsonNode;

/** A CRM moved a contact from one pipeline stage to another. */
record StageChanged(String eventId, String clientId, ContactDetails contact, String oldStage, String newStage) {

    static StageChanged read(IngressJson json, byte[] value) {
        JsonNode root = json.object(value);
        return new StageChanged(
                json.required(root, "event_id", "event_id"),
                json.required(root, "client_id", "client_id"),
                json.contact(root),
                json.text(root, "old_stage", "old_stage"),
                json.required(root, "new_stage", "new_stage"));
    }
}
