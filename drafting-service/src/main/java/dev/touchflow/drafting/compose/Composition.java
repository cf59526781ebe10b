package dev.touchflow.drafting.compose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A drafted subject and body, how they were made, and what a person should know about it.
 *
 * @param missingVariables merge variables the template needed and had no value for
 * @param madeBy           template, {@code llm:<model>} or {@code agent:<name>}
 * @param madeWith         the details: the prompt and usage of an LLM, the agent's answer, a fallback's reason
 * @param notes            said on the draft, such as "LLM failed: …; drafted from the template"
 */
public record Composition(
        String subject,
        String body,
        Set<String> missingVariables,
        String madeBy,
        Map<String, Object> madeWith,
        List<String> notes) {

    public Composition withNote(String note) {
        List<String> more = new ArrayList<>(notes);
        more.add(note);
        return new Composition(subject, body, missingVariables, madeBy, madeWith, List.copyOf(more));
    }

    public Composition madeWith(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(madeWith);
        more.put(key, value);
        return new Composition(subject, body, missingVariables, madeBy, more, notes);
    }
}
