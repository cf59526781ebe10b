package dev.touchflow.enrollment.campaign;

import dev.touchflow.platform.web.SingleLine;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * A campaign as written by a person or a seed file: identity, trigger, exit routes, schedule policy,
 * drafting policy, whether a reply stops the whole account ({@code account_stop}), and steps.
 */
public record CampaignDefinition(
        @NotBlank @Pattern(regexp = "[a-z0-9_]+", message = "must be lower case letters, digits and _")
        String slug,

        @NotBlank @SingleLine @Size(max = 200) String name,
        @Size(max = 5000) String description,
        @NotBlank @SingleLine @Size(max = 100) String clientId,
        @NotBlank @SingleLine @Size(max = 100) String type,
        @NotBlank @SingleLine @Size(max = 100) String ownerRole,
        @SingleLine @Size(max = 100) String triggerStage,
        Map<String, String> onExit,
        @Min(value = 0, message = "must not be negative") long gracePeriodMinutes,
        @Valid Schedule schedule,
        @Valid DraftingSetup drafting,
        boolean accountStop,
        @NotEmpty List<@Valid StepDefinition> steps) {

    public CampaignDefinition {
        onExit = onExit == null ? Map.of() : onExit;
        steps = steps == null ? List.of() : steps;
        drafting = drafting == null ? DraftingSetup.TEMPLATE : drafting;
    }
}
