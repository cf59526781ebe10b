package dev.touchflow.enrollment.campaign;

import dev.touchflow.platform.web.InvalidFieldException.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What makes a campaign definition valid beyond its fields' own constraints: steps numbered 1, 2,
 * 3… in order with delays that never go back, exit routes to campaigns that exist, and no chain of
 * {@code no_engagement} exits (the one exit that happens without anyone acting) that returns to
 * where it started, since such a chain can never end. Plain Java.
 */
final class CampaignRules {

    static final String AUTOMATIC_EXIT = "no_engagement";

    private CampaignRules() {}

    /**
     * @param routes every campaign's current exit routes, by slug (the checked one's own are replaced by its new ones)
     */
    static List<Problem> check(CampaignDefinition campaign, Map<String, Map<String, String>> routes) {
        List<Problem> problems = new ArrayList<>(stepProblems(campaign.steps()));
        campaign.onExit().forEach((reason, target) -> {
            if (target != null && !target.equals(campaign.slug()) && !routes.containsKey(target)) {
                problems.add(new Problem("on_exit." + reason, "no campaign with slug " + target));
            }
        });
        endlessChain(campaign, routes)
                .ifPresent(chain -> problems.add(new Problem(
                        "on_exit." + AUTOMATIC_EXIT,
                        "the chain " + String.join(" → ", chain)
                                + " exits with no engagement every time round and never ends")));
        return problems;
    }

    private static List<Problem> stepProblems(List<StepDefinition> steps) {
        List<Problem> problems = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < steps.size(); i++) {
            StepDefinition step = steps.get(i);
            if (!seen.add(step.stepNumber())) {
                problems.add(new Problem("steps[" + i + "].step_number", "duplicate step number " + step.stepNumber()));
            } else if (step.stepNumber() != i + 1) {
                problems.add(new Problem(
                        "steps[" + i + "].step_number", "steps are numbered 1, 2, 3… in order; expected " + (i + 1)));
            }
            if (step.condition() != null && !step.condition().isBlank()) {
                // stored and ignored, a condition would fire the step regardless while its author believes otherwise
                problems.add(new Problem(
                        "steps[" + i + "].condition",
                        "step conditions are not evaluated yet: the step would fire regardless; leave it out"));
            }
            if (i > 0 && step.delayMinutes() < steps.get(i - 1).delayMinutes()) {
                problems.add(new Problem(
                        "steps[" + i + "].delay_minutes", "must not be earlier than the delay of step " + i));
            }
        }
        return problems;
    }

    private static Optional<List<String>> endlessChain(
            CampaignDefinition campaign, Map<String, Map<String, String>> routes) {
        Map<String, Map<String, String>> graph = new HashMap<>(routes);
        graph.put(campaign.slug(), campaign.onExit());
        List<String> chain = new ArrayList<>(List.of(campaign.slug()));
        String current = campaign.slug();
        Set<String> visited = new HashSet<>();
        while (visited.add(current)) {
            String next = graph.getOrDefault(current, Map.of()).get(AUTOMATIC_EXIT);
            if (next == null) {
                return Optional.empty();
            }
            chain.add(next);
            if (next.equals(campaign.slug())) {
                return Optional.of(chain);
            }
            current = next;
        }
        return Optional.empty();
    }
}
