package dev.touchflow.drafting.check;

import java.util.List;
import java.util.Set;

/**
 * What the checks look at: the drafted content, the merge variables that had no value, the
 * client's banned phrases and this contact's earlier touches.
 */
public record Candidate(
        String channel,
        String subject,
        String body,
        Set<String> missingVariables,
        List<String> bannedPhrases,
        List<EarlierTouch> earlierTouches) {

    /** A touch this contact was already given or is about to be, by its label and body. */
    public record EarlierTouch(String label, String body) {}
}
