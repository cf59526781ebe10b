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
        String clientId,
        String status,
        int version,
        Map<String, String> onExit,
        long gracePeriodMinutes,
        List<StepDefinition> steps) {

    public boolean active() {
        return "active".equals(status);
    }

    /** The campaign an exit with this reason leads to, if any. */
    public Optional<String> nextCampaignOn(String reason) {
        return Optional.ofNullable(onExit.get(reason));
    }
}
