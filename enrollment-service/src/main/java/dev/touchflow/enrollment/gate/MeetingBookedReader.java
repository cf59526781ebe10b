package dev.touchflow.enrollment.gate;

import dev.touchflow.enrollment.campaign.ContactData;
import dev.touchflow.platform.kafka.InvalidEventException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the JSON {@code meeting_booked} ingress. Anything that is not JSON or lacks a required
 * field ({@code event_id}, {@code client_id}, {@code contact.id}, {@code contact.email}) is an
 * {@link InvalidEventException} naming what is wrong.
 */
final class MeetingBookedReader {

    private final JsonMapper json;

    MeetingBookedReader(JsonMapper json) {
        this.json = json;
    }

    MeetingBooked read(byte[] value) {
        JsonNode root;
        try {
            root = value == null ? null : json.readTree(value);
        } catch (JacksonException e) {
            throw new InvalidEventException("meeting_booked is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidEventException("meeting_booked is not a JSON object");
        }
        JsonNode contact = root.path("contact");
        String email = required(contact, "email", "contact.email");
        if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new InvalidEventException("meeting_booked field contact.email is not an email address: " + email);
        }
        return new MeetingBooked(
                required(root, "event_id", "event_id"),
                required(root, "client_id", "client_id"),
                new ContactData(required(contact, "id", "contact.id"), email.toLowerCase(java.util.Locale.ROOT),
                        optional(contact, "first_name"), optional(contact, "last_name"), optional(contact, "company"),
                        optional(contact, "title"), optional(contact, "linkedin_url"), optional(contact, "timezone")),
                root.has("meeting") ? json.writeValueAsString(root.get("meeting")) : null,
                optional(root, "booked_by"),
                strings(root.path("suggested_campaigns")));
    }

    private static String required(JsonNode node, String name, String path) {
        String value = optional(node, name);
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("meeting_booked lacks required field " + path);
        }
        return value;
    }

    private static String optional(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(item -> values.add(item.asString()));
        }
        return values;
    }
}
