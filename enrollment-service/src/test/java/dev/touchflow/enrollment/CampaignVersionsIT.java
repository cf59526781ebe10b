package dev.touchflow.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.schemas.campaign.CampaignVersionPublished;
import dev.touchflow.schemas.enrollment.Enrolled;
import dev.touchflow.schemas.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** A campaign is saved only when every field is valid, and each edit is a new version; running enrollments keep theirs. */
class CampaignVersionsIT extends CampaignApiTest {

    @Test
    void anInvalidCampaignIsAProblemNamingEachBadField() {
        Map<String, Object> bad =
                campaign("bad_" + run, Map.of("converted", "nowhere"), null, step(1, 0, "fax"), step(1, -5, "email"));

        post("/api/v1/campaigns", bad)
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'steps[0].channel')]")
                .exists()
                .jsonPath("$.errors[?(@.field == 'steps[1].delay_minutes')]")
                .exists();
        post(
                        "/api/v1/campaigns",
                        campaign(
                                "bad_" + run,
                                Map.of("converted", "nowhere"),
                                null,
                                step(1, 0, "email"),
                                step(1, 1, "email")))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'steps[1].step_number')]")
                .exists()
                .jsonPath("$.errors[?(@.field == 'on_exit.converted')]")
                .exists();
        post(
                        "/api/v1/campaigns",
                        campaign("loop_" + run, Map.of("no_engagement", "loop_" + run), null, step(1, 0, "email")))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("on_exit.no_engagement");
        Map<String, Object> halfWindow = campaign("window_" + run, Map.of(), null, step(1, 0, "email"));
        halfWindow.put("schedule", Map.of("business_days_only", true, "window_start", "08:00"));
        post("/api/v1/campaigns", halfWindow)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("schedule.window");
        Map<String, Object> conditional = new HashMap<>(step(2, 3, "email"));
        conditional.put("condition", "not_opened:1");
        post("/api/v1/campaigns", campaign("condition_" + run, Map.of(), null, step(1, 0, "email"), conditional))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("steps[1].condition");
        Map<String, Object> otherClient = campaign("client_" + run, Map.of(), null, step(1, 0, "email"));
        otherClient.put("client_id", "nobody");
        post("/api/v1/campaigns", otherClient)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("client_id");
        Map<String, Object> agentWithoutName = campaign("agent_" + run, Map.of(), null, step(1, 0, "email"));
        agentWithoutName.put("drafting", Map.of("mode", "agent", "approval_window_minutes", 0));
        post("/api/v1/campaigns", agentWithoutName)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'drafting.agent')]")
                .exists()
                .jsonPath("$.errors[?(@.field == 'drafting.approval_window_minutes')]")
                .exists();
        http().get()
                .uri("/api/v1/campaigns/bad_" + run)
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    /**
     * The enroll listener reads each campaign once for a poll's commands: commands for two campaigns, taken
     * together, each start their own campaign's current version.
     */
    @Test
    void commandsForTwoCampaignsTakenTogetherEachStartTheirOwn() {
        String two = "two_steps_" + run;
        String three = "three_steps_" + run;
        post("/api/v1/campaigns", campaign(two, Map.of(), null, step(1, 0, "email"), step(2, 3, "email")))
                .expectStatus()
                .isCreated();
        post(
                        "/api/v1/campaigns",
                        campaign(three, Map.of(), null, step(1, 0, "email"), step(2, 3, "email"), step(3, 5, "sms")))
                .expectStatus()
                .isCreated();
        List<String> contacts = new ArrayList<>();
        for (int call = 0; call < 4; call++) {
            String slug = call % 2 == 0 ? two : three;
            List<Map<String, Object>> page = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String contact = slug + "-" + call + "-" + i;
                contacts.add(contact);
                page.add(contact(contact));
            }
            post("/api/v1/campaigns/" + slug + "/enroll", Map.of("contacts", page, "goal", "pipeline"))
                    .expectStatus()
                    .isAccepted();
        }

        for (String contact : contacts) {
            String slug = contact.startsWith(two) ? two : three;
            Enrolled enrolled =
                    await().atMost(Duration.ofSeconds(30)).until(() -> enrolled(contact, slug), e -> e != null);
            assertThat(enrolled.getSteps()).as(contact).hasSize(slug.equals(two) ? 2 : 3);
            assertThat(enrolled.getCampaignVersion()).isEqualTo(1);
        }
    }

    @Test
    void editingMakesANewVersionWhileRunningEnrollmentsKeepTheirs() {
        String slug = "versions_" + run;
        Map<String, Object> newThread = new HashMap<>(step(2, 3, "email"));
        newThread.put("new_thread", true);
        Map<String, Object> byLlm = campaign(slug, Map.of(), null, step(1, 0, "email"), newThread);
        byLlm.put("drafting", Map.of("mode", "llm", "approval_window_minutes", 1440));
        post("/api/v1/campaigns", byLlm)
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.version")
                .isEqualTo(1)
                .jsonPath("$.drafting.mode")
                .isEqualTo("llm");
        String early = "early-" + run;
        enroll(slug, early);
        Enrolled first = await().atMost(Duration.ofSeconds(30)).until(() -> enrolled(early, slug), e -> e != null);

        post("/api/v1/campaigns/" + slug + "/steps", step(3, 7, "linkedin"))
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.version")
                .isEqualTo(2)
                .jsonPath("$.steps.length()")
                .isEqualTo(3);
        String late = "late-" + run;
        enroll(slug, late);
        Enrolled second = await().atMost(Duration.ofSeconds(30)).until(() -> enrolled(late, slug), e -> e != null);

        assertThat(first.getCampaignVersion()).isEqualTo(1);
        assertThat(first.getDrafting().getMode()).isEqualTo("llm");
        assertThat(first.getSteps()).extracting(step -> step.getNewThread()).containsExactly(false, true);
        assertThat(first.getDrafting().getApprovalWindowMinutes()).isEqualTo(1440L);
        assertThat(first.getSteps()).hasSize(2);
        assertThat(second.getCampaignVersion()).isEqualTo(2);
        assertThat(second.getSteps()).hasSize(3);
        http().get()
                .uri("/api/v1/campaigns/" + slug + "/versions/1")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.steps.length()")
                .isEqualTo(2);
        List<CampaignVersionPublished> published =
                kafka
                        .decoded(Topics.CAMPAIGN_VERSIONS, r -> slug.equals(r.key()), CampaignVersionPublished.class)
                        .stream()
                        .toList();
        assertThat(published).extracting(CampaignVersionPublished::getVersion).containsExactly(1, 2);

        http().delete()
                .uri("/api/v1/campaigns/" + slug)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("archived");
        post("/api/v1/campaigns/" + slug + "/enroll", Map.of("contacts", List.of(contact("after-" + run))))
                .expectStatus()
                .isEqualTo(409);
    }
}
