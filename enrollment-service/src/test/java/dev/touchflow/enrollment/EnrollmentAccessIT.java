package dev.touchflow.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.platform.security.AccessWalk;
import dev.touchflow.platform.security.ScopeWalk;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.testkit.HttpClients;
import dev.touchflow.testkit.KafkaProbe;
import dev.touchflow.testkit.TestIdentity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Who may call what: every endpoint by its rule, and one client's caller never reaching another client's objects. */
class EnrollmentAccessIT extends EnrollmentServiceIT {

    @Autowired
    ApplicationContext context;

    private final KafkaProbe kafka = KafkaProbe.onTestBroker();

    @Test
    void everyEndpointHasARuleAndAnswersEachKindOfCallerByIt() {
        assertThat(AccessWalk.walk(context, port, 19)).isEmpty();
    }

    @Test
    void everyObjectOfOneClientIsNotFoundForAnotherClientsCallers() {
        // Given a campaign of b2bea's own, an enrollment in it and a handoff waiting at the gate
        String slug = "scope_" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> step = Map.of(
                "step_number",
                1,
                "delay_minutes",
                0,
                "channel",
                "email",
                "content_type",
                "follow_up",
                "subject_template",
                "Hi {{first_name}}",
                "body_template",
                "Hello");
        Map<String, Object> campaign = Map.of(
                "slug",
                slug,
                "name",
                "Scope " + slug,
                "client_id",
                "b2bea",
                "type",
                "membership",
                "owner_role",
                "roles.sales",
                "steps",
                List.of(step));
        http().post()
                .uri("/api/v1/campaigns")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(campaign)
                .exchange()
                .expectStatus()
                .isCreated();
        String contact = "scope-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> enroll =
                Map.of("contacts", List.of(Map.of("id", contact, "email", contact + "@acme.example")));
        http().post()
                .uri("/api/v1/campaigns/{slug}/enroll", slug)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(enroll)
                .exchange()
                .expectStatus()
                .isAccepted();
        String enrollmentId =
                await().atMost(Duration.ofSeconds(30)).until(() -> enrollmentOf(slug, contact), id -> id != null);
        kafka.sendText(Topics.MEETING_BOOKED, "b2bea:" + contact, """
                {"event_id": "%s", "client_id": "b2bea", "contact": {"id": "%s", "email": "%s@acme.example"}}""".formatted(UUID.randomUUID(), contact, contact));
        String gateId =
                await().atMost(Duration.ofSeconds(30)).until(() -> pendingIdOf(http(), contact), id -> id != null);

        // Then every endpoint that names one of them answers another client's callers 404, whatever their role
        ScopeWalk.Owned owned = ScopeWalk.Owned.by("b2bea")
                .object("/api/v1/campaigns/{slug}", slug)
                .object("/api/v1/campaigns/{slug}/versions/{version}", "1")
                .object("/api/v1/campaigns/{slug}/steps/{number}", "1")
                .object("/api/v1/enrollments/{id}", enrollmentId)
                .object("/api/v1/gate/{id}", gateId)
                .body(HttpMethod.PUT, "/api/v1/campaigns/{slug}", campaign)
                .body(HttpMethod.PUT, "/api/v1/campaigns/{slug}/status", Map.of("status", "archived"))
                .body(
                        HttpMethod.POST,
                        "/api/v1/campaigns/{slug}/steps",
                        Map.of(
                                "step_number",
                                2,
                                "delay_minutes",
                                60,
                                "channel",
                                "task",
                                "content_type",
                                "follow_up",
                                "body_template",
                                "Call"))
                .body(HttpMethod.PUT, "/api/v1/campaigns/{slug}/steps/{number}", step)
                .body(HttpMethod.POST, "/api/v1/campaigns/{slug}/enroll", enroll)
                .body(HttpMethod.PUT, "/api/v1/enrollments/{id}", Map.of("action", "exit", "reason", "walk"))
                .body(HttpMethod.POST, "/api/v1/gate/{id}/route", Map.of("campaigns", List.of(slug)))
                .listed("/api/v1/refusals", "client_id=b2bea&contact_id=" + contact)
                .listed("/api/v1/audit", "subject_id=" + slug);
        assertThat(ScopeWalk.walk(context, port, owned)).isEmpty();

        // And nothing of b2bea's changed under them
        http().get()
                .uri("/api/v1/campaigns/{slug}", slug)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("active")
                .jsonPath("$.version")
                .isEqualTo(1);
        http().get()
                .uri("/api/v1/enrollments/{id}", enrollmentId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("active");
        assertThat(pendingIdOf(http(), contact)).isEqualTo(gateId);
    }

    @Test
    void aCallerOfOneClientNeitherSeesNorChangesAnotherClientsCampaignsGateOrEnrollments() {
        WebTestClient dreambornEditor = HttpClients.client(
                port, TestIdentity.token("dora", List.of("editor", "operator"), List.of("dreamborn")));

        // Campaigns: the list holds only dreamborn's, and b2bea's read and edit as if they did not exist
        List<Map<String, Object>> listed = HttpClients.list(dreambornEditor, "/api/v1/campaigns");
        assertThat(listed)
                .extracting(campaign -> campaign.get("client_id"))
                .containsOnly("dreamborn")
                .isNotEmpty();
        dreambornEditor
                .get()
                .uri("/api/v1/campaigns/b2bea_membership_close")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        dreambornEditor
                .put()
                .uri("/api/v1/campaigns/b2bea_membership_close/status")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("status", "paused"))
                .exchange()
                .expectStatus()
                .isNotFound();
        dreambornEditor
                .post()
                .uri("/api/v1/campaigns/b2bea_membership_close/enroll")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("contacts", List.of(Map.of("id", "x", "email", "x@example.com"))))
                .exchange()
                .expectStatus()
                .isNotFound();
        http().get()
                .uri("/api/v1/campaigns/b2bea_membership_close")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("active");

        // The gate: b2bea's handoff is not in dreamborn's list and cannot be read or routed by them
        String contact = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.sendText(Topics.MEETING_BOOKED, "b2bea:" + contact, """
                {"event_id": "%s", "client_id": "b2bea", "contact": {"id": "%s", "email": "%s@acme.example"}}""".formatted(UUID.randomUUID(), contact, contact));
        String gateId =
                await().atMost(Duration.ofSeconds(30)).until(() -> pendingIdOf(http(), contact), id -> id != null);
        assertThat(pendingIdOf(dreambornEditor, contact)).isNull();
        dreambornEditor
                .get()
                .uri("/api/v1/gate/{id}", gateId)
                .exchange()
                .expectStatus()
                .isNotFound();
        dreambornEditor
                .post()
                .uri("/api/v1/gate/{id}/route", gateId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("campaigns", List.of("dreamborn")))
                .exchange()
                .expectStatus()
                .isNotFound();

        // Routed by b2bea's operator: who routed it is the token's name, not anything in the body
        WebTestClient b2beaOperator =
                HttpClients.client(port, TestIdentity.token("olga", List.of("operator"), List.of("b2bea")));
        b2beaOperator
                .post()
                .uri("/api/v1/gate/{id}/route", gateId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("campaigns", List.of("b2bea_membership_close"), "routed_by", "someone-else"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.routed_by")
                .isEqualTo("olga");

        // The audit trail says who routed it, to b2bea's callers only
        b2beaOperator
                .get()
                .uri("/api/v1/audit?subject_type=gate_request&subject_id={id}", gateId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].actor")
                .isEqualTo("olga")
                .jsonPath("$[0].action")
                .isEqualTo("gate.routed")
                .jsonPath("$[0].client_id")
                .isEqualTo("b2bea")
                .jsonPath("$[0].detail.campaigns[0]")
                .isEqualTo("b2bea_membership_close");
        dreambornEditor
                .get()
                .uri("/api/v1/audit?subject_type=gate_request&subject_id={id}", gateId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBodyList(Map.class)
                .hasSize(0);

        // Its enrollment is b2bea's: dreamborn's operator cannot read or exit it
        String enrollmentId =
                await().atMost(Duration.ofSeconds(30)).until(() -> enrollmentOf(contact), id -> id != null);
        dreambornEditor
                .get()
                .uri("/api/v1/enrollments/{id}", enrollmentId)
                .exchange()
                .expectStatus()
                .isNotFound();
        dreambornEditor
                .put()
                .uri("/api/v1/enrollments/{id}", enrollmentId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("action", "exit", "reason", "hostile"))
                .exchange()
                .expectStatus()
                .isNotFound();
        b2beaOperator
                .get()
                .uri("/api/v1/enrollments/{id}", enrollmentId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("active");
        b2beaOperator
                .put()
                .uri("/api/v1/enrollments/{id}", enrollmentId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("action", "pause", "reason", "on holiday"))
                .exchange()
                .expectStatus()
                .isOk();
        b2beaOperator
                .get()
                .uri("/api/v1/audit?subject_type=enrollment&subject_id={id}", enrollmentId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].actor")
                .isEqualTo("olga")
                .jsonPath("$[0].action")
                .isEqualTo("enrollment.pause")
                .jsonPath("$[0].detail.reason")
                .isEqualTo("on holiday");
    }

    @Test
    void headerBoundTextWithALineBreakOrABadTimeZoneIsRefusedNamingTheField() {
        http().post()
                .uri("/api/v1/campaigns/b2bea_membership_close/enroll")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "contacts",
                        List.of(Map.of(
                                "id",
                                "x1",
                                "email",
                                "x1@acme.example",
                                "first_name",
                                "Dana\r\nBcc: everyone@victims.example",
                                "timezone",
                                "Mars/Olympus"))))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'contacts[0].first_name')].message")
                .isEqualTo(List.of("must not hold a control character or a line break"))
                .jsonPath("$.errors[?(@.field == 'contacts[0].timezone')]")
                .exists();
        http().post()
                .uri("/api/v1/campaigns")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "slug",
                        "evil_name",
                        "name",
                        "Evil\r\nBcc: all@victims.example",
                        "client_id",
                        "b2bea",
                        "type",
                        "nurture",
                        "owner_role",
                        "roles.sales",
                        "steps",
                        List.of()))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'name')].message")
                .isEqualTo(List.of("must not hold a control character or a line break"));
    }

    private static String pendingIdOf(WebTestClient client, String contact) {
        return idOfContact(client, "/api/v1/gate?status=pending&limit=500", contact);
    }

    private String enrollmentOf(String contact) {
        return enrollmentOf("b2bea_membership_close", contact);
    }

    private String enrollmentOf(String slug, String contact) {
        return idOfContact(http(), "/api/v1/campaigns/" + slug + "/enrollments?limit=500", contact);
    }

    /** The id of the listed item (a gate request, an enrollment) whose contact is {@code contact}; null if none. */
    private static String idOfContact(WebTestClient client, String list, String contact) {
        return HttpClients.list(client, list).stream()
                .filter(item -> contact.equals(((Map<?, ?>) item.get("contact")).get("id")))
                .map(item -> (String) item.get("id"))
                .findFirst()
                .orElse(null);
    }
}
