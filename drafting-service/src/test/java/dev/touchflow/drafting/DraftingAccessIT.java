package dev.touchflow.drafting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.platform.security.AccessWalk;
import dev.touchflow.platform.security.ScopeWalk;
import dev.touchflow.schemas.common.Contact;
import dev.touchflow.schemas.common.DraftingPolicy;
import dev.touchflow.schemas.drafting.DraftRequested;
import dev.touchflow.testkit.HttpClients;
import dev.touchflow.testkit.PipelinedHttp;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Every call carries a known identity and sees only its own clients' drafts; refusals never stop a connection. */
class DraftingAccessIT extends DraftingServiceTest {

    @Test
    void everyEndpointHasARuleAndAnswersEachKindOfCallerByIt(@Autowired ApplicationContext context) {
        assertThat(AccessWalk.walk(context, port, 9)).isEmpty();
    }

    @Test
    void everyDraftAndDraftRequestOfOneClientIsNotFoundForAnotherClientsCallers(@Autowired ApplicationContext context) {
        // Given a staged draft of b2bea's and a draft request waiting for b2bea's agent
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
        DraftRequested request = await().atMost(Duration.ofSeconds(30))
                .until(() -> requestsFor(lee), list -> !list.isEmpty())
                .get(0);

        // Then another client's approvers, agents and viewers find neither, and change nothing
        Map<String, Object> content = Map.of("subject", "Hijacked", "body", "Hijacked");
        assertThat(ScopeWalk.walk(
                        context,
                        port,
                        ScopeWalk.Owned.by("b2bea")
                                .object("/api/v1/drafts/{id}", draft.get("id").toString())
                                .object("/api/v1/draft-requests/{id}", request.getRequestId())
                                .body(HttpMethod.PUT, "/api/v1/drafts/{id}", content)
                                .body(HttpMethod.POST, "/api/v1/drafts/{id}/approve", content)
                                .body(HttpMethod.POST, "/api/v1/drafts/{id}/reject", Map.of("reason", "walk"))
                                .body(HttpMethod.POST, "/api/v1/draft-requests/{id}/draft", content)
                                .listed("/api/v1/drafts", "campaign=" + campaign)
                                .listed("/api/v1/draft-requests", "agent=ghostwriter")
                                .listed("/api/v1/audit", "subject_id=" + draft.get("id"))))
                .isEmpty();
        assertThat(draftOf(campaign, dana)).containsEntry("status", "pending").containsEntry("version", 1);
        assertThat(draftOf(campaign, lee)).containsEntry("status", "drafting");
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
}
