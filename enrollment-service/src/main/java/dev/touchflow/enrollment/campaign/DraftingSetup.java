package dev.touchflow.enrollment.campaign;

import dev.touchflow.schemas.common.DraftingPolicy;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/**
 * How a campaign's touches are drafted: from the step's template (the default), by an LLM, or by
 * a named outside agent; and how long a draft waits for a person before it expires.
 */
public record DraftingSetup(
        @Pattern(regexp = "template|llm|agent", message = "must be template, llm or agent")
        String mode,

        String agent,

        @Min(value = 1, message = "must be at least one minute")
        Long approvalWindowMinutes) {

    public static final DraftingSetup TEMPLATE = new DraftingSetup("template", null, null);

    public DraftingSetup {
        mode = mode == null ? "template" : mode;
    }

    @AssertTrue(message = "mode agent needs the agent's name, and only mode agent takes one")
    boolean isAgent() {
        return "agent".equals(mode) == (agent != null && !agent.isBlank());
    }

    public DraftingPolicy toAvro() {
        return DraftingPolicy.newBuilder()
                .setMode(mode)
                .setAgent(agent)
                .setApprovalWindowMinutes(approvalWindowMinutes)
                .build();
    }
}
