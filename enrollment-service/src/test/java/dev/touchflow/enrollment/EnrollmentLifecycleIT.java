package dev.touchflow.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.schemas.enrollment.Enrolled;
import dev.touchflow.schemas.enrollment.Exited;
import dev.touchflow.schemas.enrollment.Paused;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.testkit.HttpClients;
import dev.touchflow.testkit.TestIdentity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** Enrollments paused, resumed and exited by a person, routed on exit, refused after an unsubscribe, enrolled by a stage change. */
class EnrollmentLifecycleIT extends CampaignApiTest {

    @Test
    void aPersonPausesResumesAndExitsAnEnrollmentAndTheExitIsRouted() {
        String next = "next_" + run;
        String slug = "actions_" + run;
        post("/api/v1/campaigns", campaign(next, Map.of(), null, step(1, 0, "email")))
                .expectStatus()
                .isCreated();
        post("/api/v1/campaigns", campaign(slug, Map.of("converted", next), null, step(1, 0, "email")))
                .expectStatus()
                .isCreated();
        String contact = "acting-" + run;
        enroll(slug, contact);
        Enrolled enrolled = await().atMost(Duration.ofSeconds(30)).until(() -> enrolled(contact, slug), e -> e != null);
        String id = enrolled.getEnrollmentId();

        act(id, "pause", "asked to wait")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("paused");
        act(id, "pause", null).expectStatus().isEqualTo(409);
        act(id, "resume", null)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("active");
        act(id, "exit", null)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("reason");
        act(id, "explode", null)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("action");
        act(id, "exit", "converted")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("exited")
                .jsonPath("$.exit_reason")
                .isEqualTo("converted");

        List<Object> lifecycle =
                await().atMost(Duration.ofSeconds(30)).until(() -> payloads(contact), p -> p.size() >= 5);
        assertThat(lifecycle)
                .extracting(p -> p.getClass().getSimpleName())
                .containsSubsequence("Enrolled", "Paused", "Resumed", "Exited");
        assertThat(((Paused) lifecycle.get(1)).getReason()).isEqualTo("asked to wait");
        Enrolled routed = await().atMost(Duration.ofSeconds(30)).until(() -> enrolled(contact, next), e -> e != null);
        assertThat(routed.getEnrolledBy()).isEqualTo("exit_router");
        assertThat(routed.getSteps()).hasSize(1);
    }

    @Test
    void anExitChainThatKeepsComingBackIsStoppedAndTheStopIsRecorded() {
        String x = "ping_" + run;
        String y = "pong_" + run;
        post("/api/v1/campaigns", campaign(y, Map.of(), null, step(1, 0, "email")))
                .expectStatus()
                .isCreated();
        post("/api/v1/campaigns", campaign(x, Map.of("converted", y), null, step(1, 0, "email")))
                .expectStatus()
                .isCreated();
        Map<String, Object> pong = campaign(y, Map.of("converted", x), null, step(1, 0, "email"));
        http().put()
                .uri("/api/v1/campaigns/" + y)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(pong)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.version")
                .isEqualTo(2);
        String contact = "looping-" + run;
        enroll(x, contact);

        // x → y → x → y: each exit converted is routed on, until x would come round a third time (max repeats 2)
        for (int hop = 1; hop <= 4; hop++) {
            int enrollments = hop;
            List<Enrolled> enrolled = await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> payloads(contact).stream()
                                    .filter(Enrolled.class::isInstance)
                                    .map(Enrolled.class::cast)
                                    .toList(),
                            list -> list.size() == enrollments);
            act(enrolled.get(hop - 1).getEnrollmentId(), "exit", "converted")
                    .expectStatus()
                    .isOk();
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> refusals(contact).stream()
                        .anyMatch(r -> String.valueOf(r.get("reason"))
                                .startsWith("exit routing loop stopped after [" + x + ", " + y)));
        assertThat(payloads(contact).stream()
                        .filter(Enrolled.class::isInstance)
                        .map(e -> ((Enrolled) e).getCampaignSlug()))
                .containsExactly(x, y, x, y);
    }

    @Test
    void anUnsubscribedContactExitsEveryCampaignAndIsRefusedVisiblyAfterwards() {
        String a = "unsub_a_" + run;
        String b = "unsub_b_" + run;
        post("/api/v1/campaigns", campaign(a, Map.of(), null, step(1, 0, "email")))
                .expectStatus()
                .isCreated();
        post("/api/v1/campaigns", campaign(b, Map.of(), null, step(1, 0, "email")))
                .expectStatus()
                .isCreated();
        String contact = "leaving-" + run;
        enroll(a, contact);
        enroll(b, contact);
        Enrolled inA = await().atMost(Duration.ofSeconds(30)).until(() -> enrolled(contact, a), e -> e != null);
        await().atMost(Duration.ofSeconds(30)).until(() -> enrolled(contact, b) != null);

        act(inA.getEnrollmentId(), "unsubscribe", null).expectStatus().isOk();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> payloads(contact).stream()
                                .filter(p -> p instanceof Exited exited && "unsubscribed".equals(exited.getReason()))
                                .count()
                        == 2);

        enroll(a, contact);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> refusals(contact).stream()
                        .anyMatch(r -> String.valueOf(r.get("reason")).equals("contact is suppressed (unsubscribed)")));
        assertThat(payloads(contact).stream().filter(Enrolled.class::isInstance))
                .hasSize(2);

        // Only an admin lifts the suppression, only with a reason, and then the contact may be enrolled again
        Map<String, String> lift =
                Map.of("client_id", "b2bea", "address", "contact:" + contact, "reason", "asked to hear again");
        HttpClients.client(port, TestIdentity.token("otto", List.of("operator"), List.of("b2bea")))
                .post()
                .uri("/api/v1/suppressions/lift")
                .bodyValue(lift)
                .exchange()
                .expectStatus()
                .isForbidden();
        post("/api/v1/suppressions/lift", Map.of("client_id", "b2bea", "address", "contact:" + contact))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("reason");
        post("/api/v1/suppressions/lift", lift)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].email")
                .isEqualTo(contact + "@acme.example");
        post("/api/v1/suppressions/lift", lift).expectStatus().isNotFound();
        enroll(a, contact);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> payloads(contact).stream()
                                .filter(Enrolled.class::isInstance)
                                .count()
                        == 3);
        assertThat(HttpClients.list(
                        http(), "/api/v1/audit?subject_type=suppression&subject_id={e}", contact + "@acme.example"))
                .singleElement()
                .satisfies(entry -> assertThat(entry).containsEntry("action", "suppression.lifted"));
    }

    @Test
    void aStageChangeEnrollsIntoTriggeredCampaignsAndTheSweepCatchesEarlierOnes() {
        String stage = "proposal_" + run;
        String slug = "triggered_" + run;
        post("/api/v1/campaigns", campaign(slug, Map.of(), stage, step(1, 0, "email")))
                .expectStatus()
                .isCreated();
        String now = "reached-" + run;
        kafka.sendText(Topics.PIPELINE_STAGE_CHANGED, "b2bea:" + now, stageChanged(now, stage));
        Enrolled triggered = await().atMost(Duration.ofSeconds(30)).until(() -> enrolled(now, slug), e -> e != null);
        assertThat(triggered.getEnrolledBy()).isEqualTo("trigger");

        // a contact reached a stage before any campaign triggered on it
        String earlyStage = "negotiation_" + run;
        String before = "before-" + run;
        kafka.sendText(Topics.PIPELINE_STAGE_CHANGED, "b2bea:" + before, stageChanged(before, earlyStage));
        await().atMost(Duration.ofSeconds(30)).until(() -> stageOf(before), earlyStage::equals);
        String late = "late_trigger_" + run;
        post("/api/v1/campaigns", campaign(late, Map.of(), earlyStage, step(1, 0, "email")))
                .expectStatus()
                .isCreated();

        http().post()
                .uri("/api/v1/triggers/sweep")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.enrollments_requested")
                .value(n -> assertThat(((Number) n).intValue()).isPositive());
        assertThat(await().atMost(Duration.ofSeconds(30))
                        .until(() -> enrolled(before, late), e -> e != null)
                        .getEnrolledBy())
                .isEqualTo("trigger");
        await().atMost(Duration.ofSeconds(30)).until(() -> sweep() == 0);
    }
}
