package dev.touchflow.drafting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.schemas.common.Contact;
import dev.touchflow.schemas.common.DraftingPolicy;
import dev.touchflow.schemas.drafting.DraftRequested;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** An outside agent answers its draft request, or the template stands in when it does not answer in time. */
class AgentDraftingIT extends DraftingServiceTest {

    @Test
    void anAgentAnswersItsDraftRequestAndARequestNotAnsweredInTimeFallsBackToTheTemplate() {
        String campaign = campaign();
        DraftingPolicy byAgent = DraftingPolicy.newBuilder()
                .setMode("agent")
                .setAgent("ghostwriter")
                .build();
        Contact dana = contact("Dana", "Acme");
        Contact lee = contact("Lee", "Lumen");
        send(stepDue(campaign, dana, UUID.randomUUID().toString(), proofStep(), byAgent));

        DraftRequested request = await().atMost(Duration.ofSeconds(30))
                .until(() -> requestsFor(dana), list -> !list.isEmpty())
                .get(0);
        assertThat(request.getAgent()).isEqualTo("ghostwriter");
        assertThat(request.getStep().getContentType()).isEqualTo("proof");
        assertThat(request.getStep().getTemplateInstructions()).isEqualTo("Goal-specific proof asset.");
        assertThat(request.getNotes()).isEqualTo("wants pipeline; has budget in Q3");
        assertThat(request.getAnswerBy())
                .isEqualTo(clock.instant().plus(Duration.ofHours(4)).truncatedTo(ChronoUnit.MILLIS));

        WebTestClient agent = client(AGENT_TOKEN);
        agent.get()
                .uri("/api/v1/draft-requests?agent=ghostwriter")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.request_id == '" + request.getRequestId() + "')]")
                .exists();
        agent.post()
                .uri("/api/v1/draft-requests/{id}/draft", request.getRequestId())
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
                .uri("/api/v1/draft-requests/{id}/draft", request.getRequestId())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("subject", "Again", "body", "Twice"))
                .exchange()
                .expectStatus()
                .isEqualTo(409);

        send(stepDue(campaign, lee, UUID.randomUUID().toString(), proofStep(), byAgent));
        await().atMost(Duration.ofSeconds(30)).until(() -> requestsFor(lee), list -> !list.isEmpty());
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
}
