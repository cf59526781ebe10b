package dev.touchflow.drafting;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.touchflow.drafting.llm.ChatCompletions;
import dev.touchflow.platform.approval.Approval;
import dev.touchflow.platform.approval.ApprovalKeys;
import dev.touchflow.platform.config.AdjustableClock;
import dev.touchflow.platform.kafka.EventHeaders;
import dev.touchflow.platform.security.AccessWalk;
import dev.touchflow.platform.security.ScopeWalk;
import dev.touchflow.schemas.common.Contact;
import dev.touchflow.schemas.common.DraftingPolicy;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.common.StepSpec;
import dev.touchflow.schemas.drafting.ApprovalEvent;
import dev.touchflow.schemas.drafting.DraftApproved;
import dev.touchflow.schemas.drafting.DraftStaged;
import dev.touchflow.schemas.drafting.DraftingTask;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.enrollment.Exited;
import dev.touchflow.schemas.sequencer.StepDue;
import dev.touchflow.schemas.serde.AvroSingleObjectDeserializer;
import dev.touchflow.schemas.serde.AvroSingleObjectSerializer;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.testkit.ConsumerLag;
import dev.touchflow.testkit.HttpClients;
import dev.touchflow.testkit.KafkaProbe;
import dev.touchflow.testkit.PipelinedHttp;
import dev.touchflow.testkit.ServiceUnderTest;
import dev.touchflow.testkit.TestApprovalKeys;
import dev.touchflow.testkit.TestIdentity;
import dev.touchflow.testkit.TestInfrastructure;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * drafting-service alone on the real broker and database, with an LLM stubbed by WireMock: every
 * way a draft is made, checked, decided on, and never approved twice or after its enrollment ended.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            DraftingApplication.CONFIG_NAME,
            "touchflow.drafting.worker-interval=100ms",
            "touchflow.drafting.llm.api-key=test-key",
            "touchflow.drafting.llm.model=gpt-test",
            "touchflow.drafting.llm.timeout=1s",
            "touchflow.drafting.llm.max-attempts=3",
            "touchflow.drafting.llm.backoff=50ms",
            "touchflow.drafting.llm.breaker.window=4",
            "touchflow.drafting.llm.breaker.open-for=1h",
            "touchflow.drafting.llm.client-daily-spend-cap.capped=0"
        })
class DraftingIT {

    static final String APPROVER_TOKEN = TestIdentity.token("dana", List.of("approver"), List.of("*"));
    static final String AGENT_TOKEN = TestIdentity.token("ghostwriter", List.of("agent"), List.of("*"));
    static final AdjustableClock clock = new AdjustableClock(Instant.parse("2026-06-01T14:00:00Z"));
    static final WireMockServer llm = new WireMockServer(wireMockConfig().dynamicPort());

    static {
        llm.start();
    }

    @Test
    void theDraftingWorkerBlocksOnAThreadOfItsOwnNotOnTheSharedScheduler() {
        assertThat(Thread.getAllStackTraces().keySet())
                .extracting(Thread::getName)
                .contains("drafting-worker-1");
    }

    @Test
    void everyEndpointHasARuleAndAnswersEachKindOfCallerByIt(@Autowired ApplicationContext context) {
        assertThat(AccessWalk.walk(context, port, 9)).isEmpty();
    }

    @Test
    void everyDraftAndDraftingTaskOfOneClientIsNotFoundForAnotherClientsCallers(@Autowired ApplicationContext context) {
        // Given a staged draft of b2bea's and a drafting task waiting for b2bea's agent
        String campaign = campaign();
        Contact dana = contact("Dana", "Acme");
        Contact lee = contact("Lee", "Lumen");
        send(stepDue(
                campaign, dana, email(1, "Following up, {{first_name}}", "Hi {{first_name}}, as promised."), null));
        send(stepDue(
                campaign,
                lee,
                UUID.randomUUID().toString(),
                proofStep(),
                DraftingPolicy.newBuilder()
                        .setMode("agent")
                        .setAgent("ghostwriter")
                        .build()));
        Map<String, Object> draft =
                await().atMost(Duration.ofSeconds(30)).until(() -> draftOf(campaign, dana), d -> d != null);
        DraftingTask task = await().atMost(Duration.ofSeconds(30))
                .until(() -> tasksFor(lee), list -> !list.isEmpty())
                .get(0);

        // Then another client's approvers, agents and viewers find neither, and change nothing
        Map<String, Object> content = Map.of("subject", "Hijacked", "body", "Hijacked");
        assertThat(ScopeWalk.walk(
                        context,
                        port,
                        ScopeWalk.Owned.by("b2bea")
                                .object("/api/v1/drafts/{id}", draft.get("id").toString())
                                .object("/api/v1/drafting-tasks/{id}", task.getTaskId())
                                .body(HttpMethod.PUT, "/api/v1/drafts/{id}", content)
                                .body(HttpMethod.POST, "/api/v1/drafts/{id}/approve", content)
                                .body(HttpMethod.POST, "/api/v1/drafts/{id}/reject", Map.of("reason", "walk"))
                                .body(HttpMethod.POST, "/api/v1/drafting-tasks/{id}/draft", content)
                                .listed("/api/v1/drafts", "campaign=" + campaign)
                                .listed("/api/v1/drafting-tasks", "agent=ghostwriter")
                                .listed("/api/v1/audit", "subject_id=" + draft.get("id"))))
                .isEmpty();
        assertThat(draftOf(campaign, dana)).containsEntry("status", "pending").containsEntry("version", 1);
        assertThat(draftOf(campaign, lee)).containsEntry("status", "drafting");
    }

    @TestConfiguration
    static class MovableTime {
        @Bean
        Clock clock() {
            return clock;
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    DatabaseClient db;

    @Autowired
    ChatCompletions chat;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    private final KafkaProbe kafka = new KafkaProbe(TestInfrastructure.get().bootstrapServers());
    private final AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceUnderTest.register(registry, "drafting-service");
        registry.add("touchflow.drafting.llm.url", () -> llm.baseUrl() + "/v1");
    }

    @AfterAll
    static void stopLlm() {
        llm.stop();
    }

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
    void anEditedDraftIsApprovedOnceWithTheEditedContentAndEveryChangeIsAudited() {
        String campaign = campaign();
        Contact dana = contact("Dana", "Acme");
        send(stepDue(
                campaign, dana, email(1, "Following up, {{first_name}}", "Hi {{first_name}}, as promised."), null));
        Map<String, Object> draft =
                await().atMost(Duration.ofSeconds(30)).until(() -> draftOf(campaign, dana), d -> d != null);
        Object id = draft.get("id");

        approver()
                .put()
                .uri("/api/v1/drafts/{id}", id)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("body", "Hi Dana, as promised: the B2BEA training library is open to you."))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.version")
                .isEqualTo(2)
                .jsonPath("$.status")
                .isEqualTo("pending");

        // An approver of another client neither sees the draft nor can touch it: it is not there for them
        WebTestClient otherClient = client(TestIdentity.token("dora", List.of("approver"), List.of("dreamborn")));
        otherClient
                .get()
                .uri("/api/v1/drafts/{id}", id)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        otherClient
                .post()
                .uri("/api/v1/drafts/{id}/approve", id)
                .exchange()
                .expectStatus()
                .isNotFound();
        otherClient
                .put()
                .uri("/api/v1/drafts/{id}", id)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("body", "hijacked"))
                .exchange()
                .expectStatus()
                .isNotFound();
        assertThat(otherClient
                        .post()
                        .uri("/api/v1/drafts/approve")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("ids", List.of(id)))
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(Map.class)
                        .returnResult()
                        .getResponseBody()
                        .get("results")
                        .toString())
                .contains("not_found");
        assertThat(otherClient
                        .get()
                        .uri("/api/v1/drafts?campaign={campaign}&limit=500", campaign)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBodyList(Map.class)
                        .returnResult()
                        .getResponseBody())
                .isEmpty();

        approver()
                .post()
                .uri("/api/v1/drafts/{id}/approve", id)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("approved")
                .jsonPath("$.approved_by")
                .isEqualTo("dana");
        approver()
                .post()
                .uri("/api/v1/drafts/{id}/approve", id)
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);

        List<DraftApproved> approved =
                await().atMost(Duration.ofSeconds(30)).until(() -> approvals(dana), list -> !list.isEmpty());
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(approvals(dana)).hasSize(1));
        DraftApproved event = approved.get(0);
        assertThat(event.getBody()).isEqualTo("Hi Dana, as promised: the B2BEA training library is open to you.");
        assertThat(event.getSubject()).isEqualTo("Following up, Dana");
        assertThat(event.getContentHash()).isEqualTo(sha256("Following up, Dana\0" + event.getBody()));
        assertThat(event.getApprovedBy()).isEqualTo("dana");
        assertThat(event.getDraftedBy()).isEqualTo("template");
        // And it is signed for exactly this content: the statement verifies under the key dispatch trusts
        assertThat(event.getSigningKeyId()).isEqualTo(TestApprovalKeys.KEY_ID);
        assertThat(event.getDraftVersion()).isEqualTo(2);
        EventHeader eventHeader = approvalHeaders(dana).get(0);
        Approval statement = Approval.of(event, eventHeader, event.getContentHash());
        byte[] signature = new byte[event.getSignature().remaining()];
        event.getSignature().duplicate().get(signature);
        PublicKey trusted = ApprovalKeys.publicKey(TestApprovalKeys.publicKeyBase64(), "test");
        assertThat(ApprovalKeys.refusal(
                        statement, signature, TestApprovalKeys.KEY_ID, Map.of(TestApprovalKeys.KEY_ID, trusted)))
                .isEmpty();
        Approval edited = new Approval(
                statement.draftId(),
                statement.draftVersion(),
                statement.enrollmentId(),
                statement.clientId(),
                statement.contactId(),
                statement.campaignSlug(),
                statement.campaignVersion(),
                statement.stepNumber(),
                statement.channel(),
                statement.toId(),
                sha256("Following up, Dana\0Send the fee."),
                statement.approvedBy(),
                statement.approvedAt(),
                statement.requiresPersonalSend(),
                statement.newThread());
        assertThat(ApprovalKeys.refusal(
                        edited, signature, TestApprovalKeys.KEY_ID, Map.of(TestApprovalKeys.KEY_ID, trusted)))
                .isPresent();

        Map<?, ?> full = approver()
                .get()
                .uri("/api/v1/drafts/{id}", id)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        List<Map<?, ?>> versions = list(full.get("versions"));
        assertThat(versions)
                .extracting(v -> v.get("version") + ":" + v.get("actor"))
                .containsExactly("1:drafting-service", "2:dana");
        assertThat(versions.get(0).get("body")).isEqualTo("Hi Dana, as promised.");
        List<Map<?, ?>> history = list(full.get("history"));
        assertThat(history)
                .extracting(h -> h.get("action") + ":" + h.get("actor"))
                .containsExactly("staged:drafting-service", "edited:dana", "approved:dana");
        assertThat(((Map<?, ?>) history.get(1).get("before")).get("body")).isEqualTo("Hi Dana, as promised.");
        assertThat(((Map<?, ?>) history.get(1).get("after")).get("body"))
                .isEqualTo("Hi Dana, as promised: the B2BEA training library is open to you.");
    }

    @Test
    void regeneratingDraftsAgainTheWayTheDraftWasMadeAsANewVersion() {
        chat.resetBreaker();
        llm.resetAll();
        llm.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .inScenario("drafts")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(completion(
                                "{\\\"subject\\\": \\\"First idea\\\", \\\"body\\\": \\\"Dana, a first idea.\\\"}")))
                .willSetStateTo("second"));
        llm.stubFor(
                post(urlEqualTo("/v1/chat/completions"))
                        .inScenario("drafts")
                        .whenScenarioStateIs("second")
                        .willReturn(
                                aResponse()
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                completion(
                                                        "{\\\"subject\\\": \\\"Second idea\\\", \\\"body\\\": \\\"Dana, a better idea.\\\"}"))));
        String campaign = campaign();
        Contact dana = contact("Dana", "Acme");
        Contact lee = contact("Lee", "Lumen");
        send(stepDue(
                campaign,
                dana,
                UUID.randomUUID().toString(),
                proofStep(),
                DraftingPolicy.newBuilder().setMode("llm").build()));
        send(stepDue(campaign, lee, email(1, "Hello {{first_name}}", "Hi {{first_name}}, from the template."), null));

        // An LLM draft goes back to the LLM and comes back as version 2
        Object llmDraft = await().atMost(Duration.ofSeconds(30))
                .until(() -> draftOf(campaign, dana), d -> d != null && "pending".equals(d.get("status")))
                .get("id");
        approver()
                .post()
                .uri("/api/v1/drafts/{id}/regenerate", llmDraft)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("drafting");
        Map<String, Object> again = await().atMost(Duration.ofSeconds(30))
                .until(() -> draftOf(campaign, dana), d -> "pending".equals(d.get("status")));
        assertThat(again.get("body")).isEqualTo("Dana, a better idea.");
        assertThat(again.get("version")).isEqualTo(2);

        // A template draft a person edited is rendered from its template again
        Object templateDraft = await().atMost(Duration.ofSeconds(30))
                .until(() -> draftOf(campaign, lee), d -> d != null)
                .get("id");
        approver()
                .put()
                .uri("/api/v1/drafts/{id}", templateDraft)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("body", "Hi Lee, a hand-written note."))
                .exchange()
                .expectStatus()
                .isOk();
        approver()
                .post()
                .uri("/api/v1/drafts/{id}/regenerate", templateDraft)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.version")
                .isEqualTo(3)
                .jsonPath("$.status")
                .isEqualTo("pending")
                .jsonPath("$.body")
                .isEqualTo("Hi Lee, from the template.");
        Map<?, ?> full = approver()
                .get()
                .uri("/api/v1/drafts/{id}", templateDraft)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(list(full.get("versions")))
                .extracting(v -> (Object) v.get("body"))
                .containsExactly(
                        "Hi Lee, from the template.", "Hi Lee, a hand-written note.", "Hi Lee, from the template.");
        assertThat(list(full.get("history")))
                .extracting(h -> (Object) h.get("action"))
                .containsExactly("staged", "edited", "regenerated");
    }

    @Test
    void aDraftWhoseEnrollmentExitedIsWithdrawnAndCannotBeApproved() {
        String campaign = campaign();
        Contact dana = contact("Dana", "Acme");
        StepDue due = stepDue(campaign, dana, email(1, "Hello {{first_name}}", "Hi {{first_name}}."), null);
        send(due);
        Map<String, Object> draft =
                await().atMost(Duration.ofSeconds(30)).until(() -> draftOf(campaign, dana), d -> d != null);

        EventHeader header = header(dana.getId());
        EnrollmentEvent exited = EnrollmentEvent.newBuilder()
                .setHeader(header)
                .setPayload(Exited.newBuilder()
                        .setEnrollmentId(due.getEnrollmentId())
                        .setCampaignSlug(campaign)
                        .setCampaignVersion(1)
                        .setReason("unsubscribed")
                        .build())
                .build();
        kafka.send(record(Topics.ENROLLMENT, dana.getId(), header, exited));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> "withdrawn".equals(draftOf(campaign, dana).get("status")));
        approver()
                .post()
                .uri("/api/v1/drafts/{id}/approve", draft.get("id"))
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.detail")
                .value(detail -> assertThat(detail.toString())
                        .contains("withdrawn")
                        .contains("enrollment exited: unsubscribed"));
        assertThat(approvals(dana)).isEmpty();
    }

    @Test
    void aDraftNotDecidedWithinItsCampaignsApprovalWindowExpires() {
        String campaign = campaign();
        Contact dana = contact("Dana", "Acme");
        send(stepDue(
                campaign,
                dana,
                email(1, "Hello {{first_name}}", "Hi {{first_name}}, a short note."),
                DraftingPolicy.newBuilder()
                        .setMode("template")
                        .setApprovalWindowMinutes(60L)
                        .build()));
        Map<String, Object> draft =
                await().atMost(Duration.ofSeconds(30)).until(() -> draftOf(campaign, dana), d -> d != null);
        assertThat(Instant.parse(draft.get("expires_at").toString()))
                .isEqualTo(Instant.parse(draft.get("created_at").toString()).plus(Duration.ofMinutes(60)));

        clock.advance(Duration.ofMinutes(61));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> "expired".equals(draftOf(campaign, dana).get("status")));
        approver()
                .post()
                .uri("/api/v1/drafts/{id}/approve", draft.get("id"))
                .exchange()
                .expectStatus()
                .isEqualTo(409);
        assertThat(approvals(dana)).isEmpty();
    }

    @Test
    void aRejectionNeedsAReasonAndABulkApprovalAnswersForEachDraft() {
        String campaign = campaign();
        Contact first = contact("Ada", "Acme");
        Contact second = contact("Ben", "Beta");
        send(stepDue(campaign, first, email(1, "Hello {{first_name}}", "Hi {{first_name}}, first."), null));
        send(stepDue(campaign, second, email(1, "Hello {{first_name}}", "Hi {{first_name}}, second."), null));
        Object rejected = await().atMost(Duration.ofSeconds(30))
                .until(() -> draftOf(campaign, first), d -> d != null)
                .get("id");
        Object kept = await().atMost(Duration.ofSeconds(30))
                .until(() -> draftOf(campaign, second), d -> d != null)
                .get("id");

        approver()
                .post()
                .uri("/api/v1/drafts/{id}/reject", rejected)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of())
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("reason");
        approver()
                .post()
                .uri("/api/v1/drafts/{id}/reject", rejected)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "wrong tone for a CFO"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("rejected")
                .jsonPath("$.decision_reason")
                .isEqualTo("wrong tone for a CFO");

        UUID unknown = UUID.randomUUID();
        Map<?, ?> answer = approver()
                .post()
                .uri("/api/v1/drafts/approve")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("ids", List.of(rejected, kept, unknown)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(list(answer.get("results")))
                .extracting(r -> r.get("id") + ":" + r.get("outcome"))
                .containsExactly(rejected + ":conflict", kept + ":approved", unknown + ":not_found");
        await().atMost(Duration.ofSeconds(30)).until(() -> approvals(second).size() == 1);
        assertThat(approvals(first)).isEmpty();
    }

    @Test
    void callsWithoutAKnownTokenAre401AndAnAgentMayNotApprove() {
        WebTestClient anonymous = HttpClients.anonymous(port);
        anonymous
                .get()
                .uri("/api/v1/drafts")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(401);
        anonymous
                .get()
                .uri("/api/v1/drafts")
                .header(HttpHeaders.AUTHORIZATION, "Bearer not-a-token")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        anonymous
                .post()
                .uri("/api/v1/drafts/{id}/approve", UUID.randomUUID())
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + AGENT_TOKEN)
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(403);
        approver().get().uri("/api/v1/drafts?limit=1").exchange().expectStatus().isOk();
    }

    /**
     * A refusal used to finish after its response was sent (it saved the request in a new web
     * session), so the client's next call on the same keep-alive connection could arrive first and
     * then never be read: about one round in thirty hung.
     */
    @Test
    void refusedCallsBackToBackOnOneKeepAliveConnectionAreEachAnswered() {
        WebTestClient anonymous = HttpClients.anonymous(port)
                .mutate()
                .responseTimeout(Duration.ofSeconds(5))
                .build();
        for (int round = 0; round < 150; round++) {
            anonymous
                    .get()
                    .uri("/api/v1/drafts")
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .doesNotExist(HttpHeaders.SET_COOKIE);
            anonymous
                    .get()
                    .uri("/api/v1/drafts")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer not-a-token")
                    .exchange()
                    .expectStatus()
                    .isUnauthorized();
            anonymous
                    .post()
                    .uri("/api/v1/drafts/{id}/approve", UUID.randomUUID())
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + AGENT_TOKEN)
                    .exchange()
                    .expectStatus()
                    .isForbidden();
        }
    }

    /**
     * A refusal is answered at once, without the database. When it arrives on a keep-alive connection
     * while the call before it is still being finished, the server holds it back, and Reactor Netty
     * before 1.3.8 then stopped reading the connection after answering it (reactor-netty#4361): the
     * next call was never answered. In CI, WalkingSkeletonIT's approve right after a refused one hung so.
     */
    @Test
    void aRefusalQueuedBehindADatabaseReadDoesNotStopTheConnection() throws Exception {
        String approver = HttpHeaders.AUTHORIZATION + ": Bearer " + APPROVER_TOKEN;
        PipelinedHttp.Request read = PipelinedHttp.Request.get("/api/v1/drafts/" + UUID.randomUUID(), approver);
        PipelinedHttp.Request refused = PipelinedHttp.Request.post("/api/v1/drafts/" + UUID.randomUUID() + "/approve");

        try (PipelinedHttp.Connection connection = PipelinedHttp.open(port, Duration.ofSeconds(10))) {
            for (int round = 0; round < 5; round++) {
                assertThat(connection.send(read, refused)).containsExactly(404, 401);
                assertThat(connection.send(read)).containsExactly(404);
            }
        }
    }

    @Test
    void anLlmDraftsFromAPromptWithTheStepGoalContactNotesAndEarlierTouches() {
        chat.resetBreaker();
        llm.resetAll();
        llm.stubFor(
                post(urlEqualTo("/v1/chat/completions"))
                        .withHeader("Authorization", equalTo("Bearer test-key"))
                        .withRequestBody(
                                matchingJsonPath("$.messages[1].content", WireMock.containing("Content type: proof")))
                        .willReturn(
                                aResponse()
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                completion(
                                                        "{\\\"subject\\\": \\\"Where Acme fits in Q3\\\", \\\"body\\\": \\\"Dana, three of your peers joined for pipeline.\\\"}"))));
        String campaign = campaign();
        Contact dana = contact("Dana", "Acme");
        DraftingPolicy byLlm = DraftingPolicy.newBuilder().setMode("llm").build();
        StepDue first = stepDue(
                campaign, dana, email(1, "Following up, {{first_name}}", "Hi {{first_name}}, as promised."), null);
        send(first);
        Object firstId = await().atMost(Duration.ofSeconds(30))
                .until(() -> draftOf(campaign, dana), d -> d != null)
                .get("id");
        approver()
                .post()
                .uri("/api/v1/drafts/{id}/approve", firstId)
                .exchange()
                .expectStatus()
                .isOk();

        send(stepDue(campaign, dana, first.getEnrollmentId(), proofStep(), byLlm));

        Map<String, Object> drafted = await().atMost(Duration.ofSeconds(30))
                .until(() -> draftOf(campaign, dana, 2), d -> d != null && !"drafting".equals(d.get("status")));
        assertThat(drafted.get("status")).isEqualTo("pending");
        assertThat(drafted.get("made_by")).isEqualTo("llm:gpt-test");
        assertThat(drafted.get("version")).isEqualTo(1);
        assertThat(drafted.get("subject")).isEqualTo("Where Acme fits in Q3");
        assertThat(drafted.get("body")).isEqualTo("Dana, three of your peers joined for pipeline.");
        Map<?, ?> madeWith = (Map<?, ?>) drafted.get("made_with");
        assertThat(madeWith.get("usage")).isEqualTo(Map.of("prompt_tokens", 1200, "completion_tokens", 300));
        assertThat(madeWith.get("cost_usd")).isEqualTo("0.000360");

        var requests = llm.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")));
        String request = requests.get(requests.size() - 1).getBodyAsString();
        assertThat(request)
                .contains("\"model\":\"gpt-test\"")
                .contains("What to write: Goal-specific proof asset.")
                .contains("Goal: pipeline")
                .contains("Contact: Dana Ruiz")
                .contains("Company: Acme")
                .contains("Notes from the meeting: wants pipeline; has budget in Q3")
                .contains("--- touch 1 ---\\nHi Dana, as promised.");
    }

    @Test
    void aTimeoutOrA429IsRetriedAndWhatStillFailsFallsBackToTheTemplateSayingWhy() {
        chat.resetBreaker();
        String campaign = campaign();
        DraftingPolicy byLlm = DraftingPolicy.newBuilder().setMode("llm").build();

        // A 429, then an answer: the retry gets the draft written
        llm.resetAll();
        llm.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .inScenario("busy")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429))
                .willSetStateTo("calm"));
        llm.stubFor(
                post(urlEqualTo("/v1/chat/completions"))
                        .inScenario("busy")
                        .whenScenarioStateIs("calm")
                        .willReturn(
                                aResponse()
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                completion(
                                                        "{\\\"subject\\\": \\\"Proof for Acme\\\", \\\"body\\\": \\\"Dana, here is the proof.\\\"}"))));
        Contact dana = contact("Dana", "Acme");
        send(stepDue(campaign, dana, UUID.randomUUID().toString(), proofStep(), byLlm));
        Map<String, Object> retried = await().atMost(Duration.ofSeconds(30))
                .until(() -> draftOf(campaign, dana), d -> d != null && !"drafting".equals(d.get("status")));
        assertThat(retried.get("made_by")).isEqualTo("llm:gpt-test");
        assertThat(llm.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))))
                .hasSize(2);

        // Every attempt too slow: three attempts, then the template, and the draft says why
        llm.resetAll();
        chat.resetBreaker();
        llm.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withFixedDelay(2_500)
                        .withHeader("Content-Type", "application/json")
                        .withBody(completion("{}"))));
        Contact lee = contact("Lee", "Lumen");
        send(stepDue(campaign, lee, UUID.randomUUID().toString(), proofStep(), byLlm));
        Map<String, Object> slow = await().atMost(Duration.ofSeconds(30))
                .until(() -> draftOf(campaign, lee), d -> d != null && !"drafting".equals(d.get("status")));
        assertThat(slow.get("made_by")).isEqualTo("template");
        assertThat(slow.get("subject")).isEqualTo("Proof for Lumen");
        assertThat(slow.get("notes"))
                .isEqualTo(List.of("the LLM failed: no answer within PT1S in 3 attempts; drafted from the template"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> llm.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))
                                .size()
                        == 3);

        // A client whose daily spend cap is reached is drafted from the template without a call
        llm.resetRequests();
        Contact capped = Contact.newBuilder(contact("Cy", "Capped")).build();
        StepDue cappedDue = stepDue(campaign, capped, UUID.randomUUID().toString(), proofStep(), byLlm);
        cappedDue.getHeader().setClientId("capped");
        send(cappedDue);
        Map<String, Object> cheap = await().atMost(Duration.ofSeconds(30))
                .until(() -> draftOf(campaign, capped), d -> d != null && !"drafting".equals(d.get("status")));
        assertThat(cheap.get("notes"))
                .isEqualTo(List.of("the daily LLM spend cap of $0 for capped is reached; drafted from the template"));
        assertThat(llm.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))))
                .isEmpty();
    }

    @Test
    void aBurstOf500sOpensTheBreakerAndLaterDraftsFallBackWithoutCallingTheLlm() {
        chat.resetBreaker();
        llm.resetAll();
        llm.stubFor(
                post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(500)));
        String campaign = campaign();
        DraftingPolicy byLlm = DraftingPolicy.newBuilder().setMode("llm").build();

        List<Map<String, Object>> drafts = new ArrayList<>();
        for (String name : List.of("Ann", "Bob", "Cat")) {
            Contact contact = contact(name, "Acme");
            send(stepDue(campaign, contact, UUID.randomUUID().toString(), proofStep(), byLlm));
            drafts.add(await().atMost(Duration.ofSeconds(30))
                    .until(() -> draftOf(campaign, contact), d -> d != null && !"drafting".equals(d.get("status"))));
        }

        // Three attempts for the first; the fourth failure opens the breaker; nothing is sent after
        assertThat(llm.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))))
                .hasSize(4);
        assertThat(drafts).allSatisfy(draft -> assertThat(draft.get("made_by")).isEqualTo("template"));
        assertThat(drafts.get(0).get("notes"))
                .isEqualTo(List.of("the LLM failed: it answered 500 after 3 attempts; drafted from the template"));
        assertThat(drafts.get(2).get("notes"))
                .isEqualTo(
                        List.of(
                                "the LLM failed: its circuit breaker is open after repeated failures; drafted from the template"));
        assertThat(chat.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
        chat.resetBreaker();
    }

    @Test
    void anAgentAnswersItsDraftingTaskAndATaskNotAnsweredInTimeFallsBackToTheTemplate() {
        String campaign = campaign();
        DraftingPolicy byAgent = DraftingPolicy.newBuilder()
                .setMode("agent")
                .setAgent("ghostwriter")
                .build();
        Contact dana = contact("Dana", "Acme");
        Contact lee = contact("Lee", "Lumen");
        send(stepDue(campaign, dana, UUID.randomUUID().toString(), proofStep(), byAgent));

        DraftingTask task = await().atMost(Duration.ofSeconds(30))
                .until(() -> tasksFor(dana), list -> !list.isEmpty())
                .get(0);
        assertThat(task.getAgent()).isEqualTo("ghostwriter");
        assertThat(task.getStep().getContentType()).isEqualTo("proof");
        assertThat(task.getStep().getTemplateInstructions()).isEqualTo("Goal-specific proof asset.");
        assertThat(task.getNotes()).isEqualTo("wants pipeline; has budget in Q3");
        assertThat(task.getAnswerBy())
                .isEqualTo(clock.instant().plus(Duration.ofHours(4)).truncatedTo(ChronoUnit.MILLIS));

        WebTestClient agent = client(AGENT_TOKEN);
        agent.get()
                .uri("/api/v1/drafting-tasks?agent=ghostwriter")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.task_id == '" + task.getTaskId() + "')]")
                .exists();
        agent.post()
                .uri("/api/v1/drafting-tasks/{id}/draft", task.getTaskId())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("subject", "A mock-up for Acme", "body", "Dana, here is how Acme would appear."))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("pending")
                .jsonPath("$.made_by")
                .isEqualTo("agent:ghostwriter");
        agent.post()
                .uri("/api/v1/drafting-tasks/{id}/draft", task.getTaskId())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("subject", "Again", "body", "Twice"))
                .exchange()
                .expectStatus()
                .isEqualTo(409);

        send(stepDue(campaign, lee, UUID.randomUUID().toString(), proofStep(), byAgent));
        await().atMost(Duration.ofSeconds(30)).until(() -> tasksFor(lee), list -> !list.isEmpty());
        assertThat(draftOf(campaign, lee).get("status")).isEqualTo("drafting");
        clock.advance(Duration.ofHours(4).plusMinutes(1));

        Map<String, Object> fallen = await().atMost(Duration.ofSeconds(30))
                .until(() -> draftOf(campaign, lee), d -> !"drafting".equals(d.get("status")));
        assertThat(fallen.get("status")).isEqualTo("pending");
        assertThat(fallen.get("made_by")).isEqualTo("template");
        assertThat(fallen.get("subject")).isEqualTo("Proof for Lumen");
        assertThat(fallen.get("notes"))
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .singleElement()
                .asString()
                .startsWith("agent ghostwriter did not answer by ")
                .endsWith("; drafted from the template");
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
        int tasks = kafka.readAll(Topics.DRAFTING_TASKS).size();

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
        assertThat(kafka.readAll(Topics.DRAFTING_TASKS)).hasSize(tasks);
        assertThat(kafka.readAll(dlt, r -> ("b2bea:" + dana.getId()).equals(r.key())))
                .hasSize(2);
    }

    // --- helpers ---

    private static String campaign() {
        return "c_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Contact contact(String firstName, String company) {
        String id = firstName.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        return Contact.newBuilder()
                .setId(id)
                .setEmail(id + "@example.com")
                .setFirstName(firstName)
                .setLastName("Ruiz")
                .setCompany(company)
                .setTitle("VP Marketing")
                .setLinkedinUrl("https://www.linkedin.com/in/" + id)
                .build();
    }

    private static StepSpec email(int number, String subject, String body) {
        return StepSpec.newBuilder()
                .setStepNumber(number)
                .setDelayMinutes(0)
                .setChannel("email")
                .setContentType("follow_up")
                .setSubjectTemplate(subject)
                .setBodyTemplate(body)
                .setTemplateInstructions("Personal follow-up same day as meeting.")
                .setRequiresPersonalSend(false)
                .build();
    }

    private static StepSpec proofStep() {
        return StepSpec.newBuilder()
                .setStepNumber(2)
                .setDelayMinutes(3 * 24 * 60)
                .setChannel("email")
                .setContentType("proof")
                .setSubjectTemplate("Proof for {{company}}")
                .setBodyTemplate("Hi {{first_name}}, a proof asset for {{company}} on {{goal}}.")
                .setTemplateInstructions("Goal-specific proof asset.")
                .setRequiresPersonalSend(false)
                .build();
    }

    private StepDue stepDue(String campaign, Contact contact, StepSpec step, DraftingPolicy policy) {
        return stepDue(campaign, contact, UUID.randomUUID().toString(), step, policy);
    }

    private StepDue stepDue(
            String campaign, Contact contact, String enrollmentId, StepSpec step, DraftingPolicy policy) {
        return StepDue.newBuilder()
                .setHeader(header(contact.getId()))
                .setEnrollmentId(enrollmentId)
                .setCampaignSlug(campaign)
                .setCampaignName("B2BEA membership close")
                .setCampaignVersion(1)
                .setTotalSteps(8)
                .setStep(step)
                .setContact(contact)
                .setGoal("pipeline")
                .setNotes("wants pipeline; has budget in Q3")
                .setDueAt(clock.instant())
                .setDrafting(policy)
                .build();
    }

    private static EventHeader header(String contactId) {
        return EventHeader.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(clock.instant())
                .setClientId("b2bea")
                .setContactId(contactId)
                .setCorrelationId("corr-" + contactId)
                .setCausationId(null)
                .setProducer("sequencer-service")
                .build();
    }

    private void send(StepDue due) {
        kafka.send(record(Topics.STEP_DUE, due.getContact().getId(), due.getHeader(), due));
    }

    private static ProducerRecord<String, byte[]> record(
            String topic, String contactId, EventHeader header, SpecificRecord value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                topic,
                header.getClientId() + ":" + contactId,
                new AvroSingleObjectSerializer().serialize(topic, value));
        EventHeaders.write(record.headers(), EventHeaders.ID, header.getEventId());
        return record;
    }

    private WebTestClient approver() {
        return client(APPROVER_TOKEN);
    }

    private WebTestClient client(String token) {
        return HttpClients.client(port, token);
    }

    private Map<String, Object> draftOf(String campaign, Contact contact) {
        return draftOf(campaign, contact, null);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> draftOf(String campaign, Contact contact, Integer step) {
        return approver()
                .get()
                .uri("/api/v1/drafts?campaign={campaign}&limit=500", campaign)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBodyList(Map.class)
                .returnResult()
                .getResponseBody()
                .stream()
                .filter(draft -> contact.getId().equals(draft.get("contact_id")))
                .filter(draft -> step == null || step.equals(draft.get("step_number")))
                .map(draft -> (Map<String, Object>) draft)
                .findFirst()
                .orElse(null);
    }

    private static List<String> checks(Map<String, Object> draft) {
        return list(draft.get("checks")).stream()
                .map(check -> check.get("check") + ":" + check.get("passed"))
                .toList();
    }

    private static Map<?, ?> inputs(Map<String, Object> draft) {
        return (Map<?, ?>) draft.get("inputs");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<?, ?>> list(Object value) {
        return (List<Map<?, ?>>) value;
    }

    private List<DraftStaged> stagedEvents(String campaign) {
        return kafka.readAll(Topics.DRAFT_STAGED).stream()
                .map(r -> (DraftStaged) avro.deserialize(Topics.DRAFT_STAGED, r.value()))
                .filter(staged -> campaign.equals(staged.getCampaignSlug()))
                .toList();
    }

    private List<DraftApproved> approvals(Contact contact) {
        return kafka.readAll(Topics.APPROVED, r -> r.key().endsWith(":" + contact.getId())).stream()
                .map(r -> ((ApprovalEvent) avro.deserialize(Topics.APPROVED, r.value())).getPayload())
                .filter(DraftApproved.class::isInstance)
                .map(DraftApproved.class::cast)
                .toList();
    }

    private List<EventHeader> approvalHeaders(Contact contact) {
        return kafka.readAll(Topics.APPROVED, r -> r.key().endsWith(":" + contact.getId())).stream()
                .map(r -> (ApprovalEvent) avro.deserialize(Topics.APPROVED, r.value()))
                .filter(event -> event.getPayload() instanceof DraftApproved)
                .map(ApprovalEvent::getHeader)
                .toList();
    }

    private List<DraftingTask> tasksFor(Contact contact) {
        return kafka.readAll(Topics.DRAFTING_TASKS, r -> r.key().endsWith(":" + contact.getId())).stream()
                .map(r -> (DraftingTask) avro.deserialize(Topics.DRAFTING_TASKS, r.value()))
                .toList();
    }

    private long count(String table) {
        return db.sql("SELECT count(*) AS n FROM " + table)
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }

    private static String completion(String content) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-test\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":1200,\"completion_tokens\":300,\"total_tokens\":1500}}";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
