package dev.touchflow.drafting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.platform.kafka.EventHeaders;
import dev.touchflow.schemas.common.Contact;
import dev.touchflow.schemas.drafting.DraftStaged;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.testkit.ConsumerLag;
import dev.touchflow.testkit.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** A due step becomes a checked template draft, once, however often it is replayed. */
class TemplateDraftingIT extends DraftingServiceTest {

    @Test
    void aTemplateDraftIsRenderedCheckedAndStagedAndAMissingVariableHoldsItForAPerson() {
        String campaign = campaign();
        Contact dana = contact("Dana", "Acme");
        Contact noCompany = contact("Lee", null);

        send(stepDue(
                campaign,
                dana,
                email(
                        1,
                        "Following up, {{first_name}}",
                        "Hi {{first_name}},\n\nthanks for the time today. {{company}} gets access to the training library.\n\n{{sender_signature}}"),
                null));
        send(stepDue(
                campaign,
                noCompany,
                email(1, "Following up, {{first_name}}", "Hi {{first_name}}, about {{company}}."),
                null));

        Map<String, Object> staged =
                await().atMost(Duration.ofSeconds(30)).until(() -> draftOf(campaign, dana), d -> d != null);
        assertThat(staged.get("status")).isEqualTo("pending");
        assertThat(staged.get("subject")).isEqualTo("Following up, Dana");
        assertThat(staged.get("body"))
                .isEqualTo(
                        "Hi Dana,\n\nthanks for the time today. Acme gets access to the training library.\n\nJustin\nB2B eCommerce Association");
        assertThat(staged.get("made_by")).isEqualTo("template");
        assertThat(staged.get("version")).isEqualTo(1);
        assertThat(checks(staged))
                .containsExactly(
                        "merge_variables:true", "channel_limits:true", "near_duplicate:true", "banned_phrases:true");
        assertThat(inputs(staged).get("body_template")).asString().contains("{{company}}");

        Map<String, Object> held =
                await().atMost(Duration.ofSeconds(30)).until(() -> draftOf(campaign, noCompany), d -> d != null);
        assertThat(held.get("status")).isEqualTo("needs_attention");
        assertThat(held.get("body")).isEqualTo("Hi Lee, about [missing: company].");
        assertThat(held.get("problems")).isEqualTo(List.of("merge_variables: no value for company"));

        // Every staged draft is announced with its status
        List<DraftStaged> announced = await().atMost(Duration.ofSeconds(30))
                .until(() -> stagedEvents(campaign), events -> events.size() == 2);
        assertThat(announced)
                .extracting(DraftStaged::getStatus)
                .containsExactlyInAnyOrder("pending", "needs_attention");

        // A draft that needs attention is approved only with edits that pass the checks
        approver()
                .post()
                .uri("/api/v1/drafts/{id}/approve", held.get("id"))
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.detail")
                .value(detail -> assertThat(detail.toString())
                        .contains("needs attention")
                        .contains("no value for company"));
        approver()
                .post()
                .uri("/api/v1/drafts/{id}/approve", held.get("id"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("body", "Hi Lee, about your team's plans."))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("approved")
                .jsonPath("$.version")
                .isEqualTo(2);
    }

    @Test
    void replayingStepDueFromOffsetZeroDraftsNothingNewAndAnUnreadableRecordIsDeadLettered() {
        String campaign = campaign();
        Contact dana = contact("Dana", "Acme");
        ProducerRecord<String, byte[]> garbage = new ProducerRecord<>(
                Topics.STEP_DUE, "b2bea:" + dana.getId(), "not avro".getBytes(StandardCharsets.UTF_8));
        EventHeaders.write(garbage.headers(), EventHeaders.ID, UUID.randomUUID().toString());
        kafka.send(garbage);
        send(stepDue(campaign, dana, email(1, "Hello {{first_name}}", "Hi {{first_name}}."), null));
        await().atMost(Duration.ofSeconds(30)).until(() -> draftOf(campaign, dana), d -> d != null);
        String dlt = Topics.deadLetter(Topics.STEP_DUE, "drafting-service");
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> kafka.readAll(dlt, r -> ("b2bea:" + dana.getId()).equals(r.key())),
                        list -> list.size() == 1);

        long drafts = count("drafts");
        long versions = count("draft_versions");
        int staged = kafka.readAll(Topics.DRAFT_STAGED).size();
        int requests = kafka.readAll(Topics.DRAFT_REQUESTED).size();

        listeners.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> !listeners.isRunning());
        kafka.rewind("drafting-service", Topics.STEP_DUE);
        listeners.start();
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        new ConsumerLag(TestInfrastructure.get().bootstrapServers()).of(List.of("drafting-service"))
                                == 0);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(count("drafts")).isEqualTo(drafts);
            assertThat(count("draft_versions")).isEqualTo(versions);
        });
        assertThat(kafka.readAll(Topics.DRAFT_STAGED)).hasSize(staged);
        assertThat(kafka.readAll(Topics.DRAFT_REQUESTED)).hasSize(requests);
        assertThat(kafka.readAll(dlt, r -> ("b2bea:" + dana.getId()).equals(r.key())))
                .hasSize(2);
    }

    @Test
    void theDraftingWorkerBlocksOnAThreadOfItsOwnNotOnTheSharedScheduler() {
        assertThat(Thread.getAllStackTraces().keySet())
                .extracting(Thread::getName)
                .contains("drafting-worker-1");
    }
}
