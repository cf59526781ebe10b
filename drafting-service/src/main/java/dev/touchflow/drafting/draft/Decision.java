package dev.touchflow.drafting.draft;

import java.time.Instant;

/**
 * What a person decided about a draft: approved exactly this content, or rejected it (or it expired
 * or was withdrawn), and why. Empty while it waits.
 *
 * @param contentHash the hash of the subject and body that were approved
 */
public record Decision(
        String contentHash,
        String approvedBy,
        Instant approvedAt,
        String decidedBy,
        Instant decidedAt,
        String decisionReason) {

    static final Decision NONE = new Decision(null, null, null, null, null, null);
}
