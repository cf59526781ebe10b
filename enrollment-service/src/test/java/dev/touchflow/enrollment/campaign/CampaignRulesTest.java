package dev.touchflow.enrollment.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.touchflow.platform.web.InvalidFieldException.Problem;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CampaignRulesTest {

    @Test
    void aWellFormedCampaignPasses() {
        assertThat(CampaignRules.check(
                        campaign("close", Map.of("converted", "cs"), step(1, 0), step(2, 3)), Map.of("cs", Map.of())))
                .isEmpty();
    }

    @Test
    void stepsAreNumberedInOrderWithoutDuplicatesAndDelaysNeverGoBack() {
        List<Problem> problems =
                CampaignRules.check(campaign("c", Map.of(), step(1, 0), step(1, 3), step(4, 2)), Map.of());

        assertThat(problems)
                .containsExactly(
                        new Problem("steps[1].step_number", "duplicate step number 1"),
                        new Problem("steps[2].step_number", "steps are numbered 1, 2, 3… in order; expected 3"),
                        new Problem("steps[2].delay_minutes", "must not be earlier than the delay of step 2"));
    }

    @Test
    void aStepConditionIsRefusedRatherThanStoredAndIgnored() {
        StepDefinition conditional =
                new StepDefinition(2, 4320, "email", "follow_up", "s", "b", null, "opened:1", false, false);

        assertThat(CampaignRules.check(campaign("c", Map.of(), step(1, 0), conditional), Map.of()))
                .containsExactly(new Problem(
                        "steps[1].condition",
                        "step conditions are not evaluated yet: the step would fire regardless; leave it out"));
    }

    @Test
    void anExitRouteMustLeadToAKnownCampaign() {
        assertThat(CampaignRules.check(campaign("close", Map.of("converted", "nowhere"), step(1, 0)), Map.of()))
                .containsExactly(new Problem("on_exit.converted", "no campaign with slug nowhere"));
    }

    @Test
    void aChainOfNoEngagementExitsBackToItselfNeverEnds() {
        Map<String, Map<String, String>> routes =
                Map.of("b", Map.of("no_engagement", "c"), "c", Map.of("no_engagement", "a"));

        assertThat(CampaignRules.check(campaign("a", Map.of("no_engagement", "b"), step(1, 0)), routes))
                .containsExactly(new Problem(
                        "on_exit.no_engagement",
                        "the chain a → b → c → a exits with no engagement every time round and never ends"));
    }

    @Test
    void aLoopThroughARepliedExitCanEndAndIsLeftToTheRuntimeGuard() {
        Map<String, Map<String, String>> routes = new HashMap<>();
        routes.put("cs", Map.of("rejected", "close"));

        assertThat(CampaignRules.check(campaign("close", Map.of("converted", "cs"), step(1, 0)), routes))
                .isEmpty();
    }

    @Test
    void editingACampaignReplacesItsOwnOldRoutes() {
        Map<String, Map<String, String>> routes =
                Map.of("a", Map.of("no_engagement", "b"), "b", Map.of("no_engagement", "a"));

        assertThat(CampaignRules.check(campaign("a", Map.of(), step(1, 0)), routes))
                .isEmpty();
    }

    private static CampaignDefinition campaign(String slug, Map<String, String> onExit, StepDefinition... steps) {
        return new CampaignDefinition(
                slug,
                slug,
                null,
                "b2bea",
                "membership",
                "roles.sales",
                null,
                onExit,
                0,
                null,
                null,
                false,
                List.of(steps));
    }

    private static StepDefinition step(int number, long days) {
        return new StepDefinition(number, days * 1440, "email", "follow_up", "s", "b", null, null, false, false);
    }
}
