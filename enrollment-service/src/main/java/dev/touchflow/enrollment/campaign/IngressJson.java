package dev.touchflow.enrollment.campaign;

import dev.touchflow.platform.fault.InvalidEventException;
import java.time.DateTimeException;
import java.time.ZoneId;
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

    /**
     * The contact object at {@code contact}: id and a valid email required. Text that ends up in mail
     * headers or on a page may hold no control characters; a time zone must be one, a LinkedIn URL an
     * http(s) URL.
     */
    public ContactDetails contact(JsonNode root) {
        JsonNode contact = root.path("contact");
        String email = required(contact, "email", "contact.email");
        if (email.length() > 254 || !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new InvalidEventException(
                    event + " field contact.email is not an email address: " + abbreviated(email));
        }
        String timezone = text(contact, "timezone", "contact.timezone");
        if (timezone != null) {
            try {
                ZoneId.of(timezone);
            } catch (DateTimeException e) {
                throw new InvalidEventException(
                        event + " field contact.timezone is not a time zone: " + abbreviated(timezone));
            }
        }
        String linkedin = text(contact, "linkedin_url", "contact.linkedin_url");
        if (linkedin != null && !linkedin.matches("https?://[^\\s]{1,2000}")) {
            throw new InvalidEventException(event + " field contact.linkedin_url is not an http(s) URL");
        }
        return new ContactDetails(
                required(contact, "id", "contact.id"),
                email.toLowerCase(Locale.ROOT),
                text(contact, "first_name", "contact.first_name"),
                text(contact, "last_name", "contact.last_name"),
                text(contact, "company", "contact.company"),
                text(contact, "title", "contact.title"),
                linkedin,
                timezone,
                text(contact, "company_id", "contact.company_id"));
    }

    public String required(JsonNode node, String name, String path) {
        String value = text(node, name, path);
        if (value == null || value.isBlank()) {
            throw new InvalidEventException(event + " lacks required field " + path);
        }
        return value;
    }

    /** An optional text field, refused when it holds a control character (a header injection, a forged line). */
    public String text(JsonNode node, String name, String path) {
        String value = optional(node, name);
        if (value != null && Text.hasControlCharacter(value)) {
            throw new InvalidEventException(event + " field " + path + " holds a control character");
        }
        return value;
    }

    /** The text at an index of an array, refused like {@link #text(JsonNode, String, String)}. */
    public String text(JsonNode array, int index, String path) {
        JsonNode value = array.get(index);
        String text = value == null || value.isNull() ? null : value.asString();
        if (text != null && Text.hasControlCharacter(text)) {
            throw new InvalidEventException(event + " field " + path + " holds a control character");
        }
        return text;
    }

    private static String abbreviated(String value) {
        return value.length() <= 80 ? value : value.substring(0, 80) + "…";
    }

    public static String optional(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.asString();
    }

    public String write(JsonNode node) {
        return json.writeValueAsString(node);
    }
}
