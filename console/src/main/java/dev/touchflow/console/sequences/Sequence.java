package dev.touchflow.console.sequences;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A campaign's current version as enrollment-service gives it: what the sequences page draws. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Sequence(
        String slug,
        String name,
        @JsonProperty("client_id") String clientId,
        String status,
        @JsonProperty("trigger_stage") String triggerStage,
        int version,
        @JsonProperty("on_exit") Map<String, String> onExit,
        List<Step> steps) {

    public Sequence {
        onExit = onExit == null ? Map.of() : onExit;
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** "Triggers when: pipeline.stage = "new"", or how it is entered without a trigger. */
    public String trigger() {
        return triggerStage == null || triggerStage.isBlank()
                ? "Entered from the gate or the API"
                : "Triggers when: pipeline.stage = \"" + triggerStage + "\"";
    }

    /** One step: when, on which channel, and what it says. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Step(
            @JsonProperty("step_number") int stepNumber,
            @JsonProperty("delay_minutes") long delayMinutes,
            String channel,
            @JsonProperty("content_type") String contentType,
            @JsonProperty("subject_template") String subjectTemplate,
            @JsonProperty("body_template") String bodyTemplate,
            @JsonProperty("requires_personal_send") boolean requiresPersonalSend) {

        private static final Pattern FIELD = Pattern.compile("\\{\\{\\s*[a-z_][a-z0-9_.]*\\s*}}");
        private static final int PREVIEW = 240;

        /** The delay from enrollment as T+0h, T+24h, T+3d (whole days from two on), T+30m under an hour. */
        public String delay() {
            if (delayMinutes > 0 && delayMinutes < 60) {
                return "T+" + delayMinutes + "m";
            }
            long hours = delayMinutes / 60;
            return hours >= 48 && hours % 24 == 0 ? "T+" + hours / 24 + "d" : "T+" + hours + "h";
        }

        /** The body's start, cut into text and merge fields ({{first_name}}) so the page can mark the fields. */
        public List<Part> preview() {
            String body = bodyTemplate == null ? "" : bodyTemplate;
            String text = body.length() > PREVIEW ? body.substring(0, PREVIEW) + "…" : body;
            List<Part> parts = new ArrayList<>();
            Matcher field = FIELD.matcher(text);
            int from = 0;
            while (field.find()) {
                if (field.start() > from) {
                    parts.add(new Part(text.substring(from, field.start()), false));
                }
                parts.add(new Part(field.group(), true));
                from = field.end();
            }
            if (from < text.length()) {
                parts.add(new Part(text.substring(from), false));
            }
            return parts;
        }
    }

    /** A piece of a preview: plain text, or a merge field. */
    public record Part(String text, boolean field) {}
}
