package dev.touchflow.enrollment.gate;

import dev.touchflow.enrollment.campaign.IngressJson;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the JSON {@code meeting_booked} ingress. Anything that is not JSON or lacks a required
 * field ({@code event_id}, {@code client_id}, {@code contact.id}, {@code contact.email}) is an
 * invalid event naming what is wrong.
 */
final class MeetingBookedReader {

    private final IngressJson json;

    MeetingBookedReader(JsonMapper mapper) {
        this.json = new IngressJson(mapper, "meeting_booked");
    }

    MeetingBooked read(byte[] value) {
        JsonNode root = json.object(value);
        return new MeetingBooked(
                json.required(root, "event_id", "event_id"),
                json.required(root, "client_id", "client_id"),
                json.contact(root),
                root.has("meeting") ? json.write(root.get("meeting")) : null,
                json.text(root, "booked_by", "booked_by"),
                strings(root.path("suggested_campaigns")));
    }

    private List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array.isArray()) {
            for (int i = 0; i < array.size(); i++) {
                values.add(json.text(array, i, "suggested_campaigns[" + i + "]"));
            }
        }
        return values;
    }
}
