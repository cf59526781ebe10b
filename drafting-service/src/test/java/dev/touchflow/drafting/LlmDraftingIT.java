package dev.touchflow.drafting;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.touchflow.schemas.common.Contact;
import dev.touchflow.schemas.common.DraftingPolicy;
import dev.touchflow.schemas.sequencer.StepDue;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** An LLM drafts from the step's prompt; its failures are retried, then fall back to the template saying why; a burst opens its breaker. */
class LlmDraftingIT extends DraftingServiceTest {

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
    void theWorkerHasSeveralDraftsWrittenAtOnceSinceEachCallOnlyWaitsOnTheNetwork() {
        chat.resetBreaker();
        llm.resetAll();
        int answerMillis = 400;
        llm.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withFixedDelay(answerMillis)
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                                completion("{\\\"subject\\\": \\\"Hello\\\", \\\"body\\\": \\\"A short note.\\\"}"))));
        String campaign = campaign();
        DraftingPolicy byLlm = DraftingPolicy.newBuilder().setMode("llm").build();
        List<Contact> contacts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Contact contact = contact("Dana" + i, "Acme " + i);
            contacts.add(contact);
            send(stepDue(campaign, contact, UUID.randomUUID().toString(), proofStep(), byLlm));
        }

        for (Contact contact : contacts) {
            Map<String, Object> drafted = await().atMost(Duration.ofSeconds(30))
                    .until(() -> draftOf(campaign, contact), d -> d != null && !"drafting".equals(d.get("status")));
            assertThat(drafted.get("made_by")).isEqualTo("llm:gpt-test");
        }
        // one at a time, each request would come at least an answer's delay after the one before
        List<Long> received = llm.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).stream()
                .map(request -> request.getLoggedDate().getTime())
                .sorted()
                .toList();
        assertThat(received).hasSize(6);
        assertThat(IntStream.range(1, received.size())
                        .filter(i -> received.get(i) - received.get(i - 1) < answerMillis)
                        .count())
                .as("requests sent while an earlier one was still waiting for its answer")
                .isPositive();
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
        double spentBefore = llmSpend("b2bea");
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
        assertThat(llmSpend("b2bea") - spentBefore).isCloseTo(0.00036, within(1e-9));

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

    private double llmSpend(String client) {
        Counter spent = meters.find("touchflow.llm.spend").tag("client", client).counter();
        return spent == null ? 0 : spent.count();
    }
}
