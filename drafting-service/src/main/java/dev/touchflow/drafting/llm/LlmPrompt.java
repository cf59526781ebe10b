package dev.touchflow.drafting.llm;

import dev.touchflow.drafting.check.DraftChecks;
import dev.touchflow.drafting.compose.DraftInputs;
import java.util.List;
import java.util.Map;

/**
 * The chat messages an LLM drafts one touch from: the step's content type and what to write,
 * the goal, the contact and company, the notes from the meeting, and this enrollment's earlier
 * touches, so it does not repeat itself. It is asked for a JSON object with subject and body.
 */
public final class LlmPrompt {

    private LlmPrompt() {}

    public static List<Map<String, String>> messages(
            DraftInputs inputs, Map<String, Object> context, List<String> earlierTouches) {
        String sender = text(inputs.variable("sender_name"), "the sender");
        String system = "You draft one " + inputs.channel() + " touch of a sales sequence, written as " + sender
                + ". Write plainly and specifically, in the sender's voice; no hype, no pressure. Use only the facts "
                + "given here: never invent numbers, names, customers or promises. " + limits(inputs.channel())
                + " Answer with one JSON object and nothing else: {\"subject\": string or null, \"body\": string}.";
        StringBuilder user = new StringBuilder();
        line(user, "Campaign", context.get("campaign_name"));
        line(user, "Step", context.get("step_number") + " of " + context.get("total_steps"));
        line(user, "Channel", inputs.channel());
        line(user, "Content type", inputs.contentType());
        line(user, "What to write", inputs.templateInstructions());
        line(user, "Goal", inputs.variable("goal"));
        line(
                user,
                "Contact",
                String.join(" ", text(inputs.variable("first_name"), ""), text(inputs.variable("last_name"), ""))
                        .trim());
        line(user, "Title", inputs.variable("title"));
        line(user, "Company", inputs.variable("company"));
        line(user, "Notes from the meeting", inputs.variable("notes"));
        line(user, "Sign off as", inputs.variable("sender_signature"));
        if (!earlierTouches.isEmpty()) {
            user.append("Earlier touches in this sequence, oldest first; do not repeat them:\n");
            for (int i = 0; i < earlierTouches.size(); i++) {
                user.append("--- touch ")
                        .append(i + 1)
                        .append(" ---\n")
                        .append(earlierTouches.get(i))
                        .append('\n');
            }
        }
        if (inputs.bodyTemplate() != null) {
            user.append("The template this touch would otherwise use, for tone and length:\n")
                    .append(inputs.bodyTemplate())
                    .append('\n');
        }
        return List.of(Map.of("role", "system", "content", system), Map.of("role", "user", "content", user.toString()));
    }

    private static String limits(String channel) {
        return switch (channel) {
            case "email" -> "An email needs a subject under " + DraftChecks.SUBJECT_LIMIT + " characters.";
            case "linkedin" ->
                "A LinkedIn note is at most " + DraftChecks.LINKEDIN_NOTE_LIMIT + " characters; no subject.";
            case "sms" -> "An SMS is short: at most 300 characters; no subject.";
            default -> "";
        };
    }

    private static void line(StringBuilder out, String label, Object value) {
        if (value != null && !value.toString().isBlank()) {
            out.append(label).append(": ").append(value).append('\n');
        }
    }

    private static String text(Object value, String otherwise) {
        return value == null || value.toString().isBlank() ? otherwise : value.toString();
    }
}
