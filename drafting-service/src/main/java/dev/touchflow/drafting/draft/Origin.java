package dev.touchflow.drafting.draft;

import java.util.Map;

/**
 * How a draft was made.
 *
 * @param madeBy   template, {@code llm:<model>} or {@code agent:<name>}
 * @param inputs   what it was made from (templates, merge variables, drafting policy)
 * @param madeWith how: an LLM's prompt and usage, an agent's answer, a fallback's reason
 */
public record Origin(String madeBy, Map<String, Object> inputs, Map<String, Object> madeWith) {

    public boolean agent() {
        return madeBy.startsWith("agent:");
    }
}
