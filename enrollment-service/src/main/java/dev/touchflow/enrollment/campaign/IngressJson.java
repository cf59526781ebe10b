package dev.touchflow.enrollment.campaign;

import dev.touchflow.platform.kafka.InvalidEventException;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reading the JSON that outside systems write: a record that is not a JSON object, or lacks a
 * required field, is an {@link InvalidEventException} naming the event and the field.
 */
public final class IngressJson {

    private final JsonMapper json;
    private final String event;

    public IngressJson(JsonMapper json, String event) {
        this.json = json;
        this.event = event;
    }

    public JsonNode object(byte[] value) {
        JsonNode root;
        try {
            root = value == null ? null : json.readTree(value);
        } catch (JacksonException e) {
            throw new InvalidEventException(event + " is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidEventException(event + " is not a JSON object");
        }
        return root;
    }

    /** The contact object at {@code contact}: id and a valid email required. */
    public ContactData contact(JsonNode root) {
        JsonNode contact = root.path("contact");
        String email = required(contact, "email", "contact.email");
        if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new InvalidEventException(event + " field contact.email is not an email address: " + email);
        }
        return new ContactData(required(contact, "id", "contact.id"), email.toLowerCase(Locale.ROOT),
                optional(contact, "first_name"), optional(contact, "last_name"), optional(contact, "company"),
                optional(contact, "title"), optional(contact, "linkedin_url"), optional(contact, "timezone"),
                optional(contact, "company_id"));
    }

    public String required(JsonNode node, String name, String path) {
        String value = optional(node, name);
        if (value == null || value.isBlank()) {
            throw new InvalidEventException(event + " lacks required field " + path);
        }
        return value;
    }

    public static String optional(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.asString();
    }

    public String write(JsonNode node) {
        return json.writeValueAsString(node);
    }
}
