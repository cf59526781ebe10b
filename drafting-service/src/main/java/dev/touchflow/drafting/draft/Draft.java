package dev.touchflow.drafting.draft;

import dev.touchflow.drafting.check.CheckResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A drafted touch: being drafted, waiting for a person, or decided.
 *
 * @param status    drafting (an LLM or an agent is writing it) | pending | needs_attention | approved | rejected | expired | withdrawn
 * @param problems  the details of the checks that failed
 * @param madeBy    template, {@code llm:<model>} or {@code agent:<name>}
 * @param inputs    what it was made from (templates, merge variables, drafting policy)
 * @param madeWith  how: an LLM's prompt and usage, an agent's answer, a fallback's reason
 * @param expiresAt when a waiting draft expires unless a person decides first
 * @param answerBy  when an outside agent's drafting task falls back to the template
 */
public record Draft(
        UUID id,
        UUID enrollmentId,
        int stepNumber,
        String clientId,
        String contactId,
        String correlationId,
        String campaignSlug,
        int campaignVersion,
        String channel,
        String toId,
        String subject,
        String body,
        Map<String, Object> context,
        String status,
        List<String> problems,
        List<CheckResult> checks,
        List<String> notes,
        String madeBy,
        Map<String, Object> inputs,
        Map<String, Object> madeWith,
        boolean requiresPersonalSend,
        int version,
        String contentHash,
        String approvedBy,
        Instant approvedAt,
        String decidedBy,
        Instant decidedAt,
        String decisionReason,
        Instant expiresAt,
        Instant answerBy,
        Instant createdAt,
        Instant updatedAt) {

    static final Set<String> WAITING = Set.of("pending", "needs_attention");

    public boolean pending() {
        return "pending".equals(status);
    }

    /** Waiting for a person: pending or needs_attention. */
    public boolean waiting() {
        return WAITING.contains(status);
    }

    public boolean drafting() {
        return "drafting".equals(status);
    }
}
