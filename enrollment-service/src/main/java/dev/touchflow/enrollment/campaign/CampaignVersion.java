package dev.touchflow.enrollment.campaign;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** One version of a campaign, as enrollments snapshot it. */
public record CampaignVersion(
        UUID campaignId,
        String slug,
        String name,
        String description,
        String clientId,
        String clientTimezone,
        String type,
        String ownerRole,
        String status,
        String triggerStage,
        int version,
        Map<String, String> onExit,
        long gracePeriodMinutes,
        Schedule schedule,
        DraftingSetup drafting,
        boolean accountStop,
        List<StepDefinition> steps) {

    public boolean active() {
        return "active".equals(status);
    }

    /** The campaign an exit with this reason leads to, if any. */
    public Optional<String> nextCampaignOn(String reason) {
        return Optional.ofNullable(onExit.get(reason));
    }

    CampaignVersion withSteps(List<StepDefinition> newSteps) {
        return new CampaignVersion(
                campaignId,
                slug,
                name,
                description,
                clientId,
                clientTimezone,
                type,
                ownerRole,
                status,
                triggerStage,
                version,
                onExit,
                gracePeriodMinutes,
                schedule,
                drafting,
                accountStop,
                newSteps);
    }

    /** This version as a definition with other steps: what a new version starts from. */
    CampaignDefinition definitionWith(List<StepDefinition> newSteps) {
        return new CampaignDefinition(
                slug,
                name,
                description,
                clientId,
                type,
                ownerRole,
                triggerStage,
                onExit,
                gracePeriodMinutes,
                schedule,
                drafting,
                accountStop,
                newSteps);
    }
}
