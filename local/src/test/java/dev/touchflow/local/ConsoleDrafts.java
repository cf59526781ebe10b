package dev.touchflow.local;

import static org.awaitility.Awaitility.await;

import dev.touchflow.testkit.HttpClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Drafts for the console's tests: a campaign of b2bea's whose first step is due at once, and its drafts. */
final class ConsoleDrafts {

    private final LocalTouchflow touchflow;
    private final WebTestClient drafting;
    private final String slug;

    ConsoleDrafts(LocalTouchflow touchflow, WebTestClient drafting, String slug) {
        this.touchflow = touchflow;
        this.drafting = drafting;
        this.slug = slug;
        LocalRuns.createCampaign(
                LocalRuns.client(touchflow, touchflow.settings().services().enrollment()),
                slug,
                List.of(LocalRuns.emailStep(1, 0), LocalRuns.emailStep(2, 1440)));
    }

    /** Enrolls a new contact and waits for its first draft to wait for a person. */
    Map<String, Object> pendingOfANewContact() {
        String contact = "console-" + UUID.randomUUID().toString().substring(0, 8);
        enroll(contact);
        return pendingOf(contact);
    }

    /** Enrolls this contact in the campaign. */
    void enroll(String contact) {
        LocalRuns.client(touchflow, touchflow.settings().services().enrollment())
                .post()
                .uri("/api/v1/campaigns/{slug}/enroll", slug)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "contacts",
                        List.of(Map.of("id", contact, "email", contact + "@acme.example", "first_name", "Dana"))))
                .exchange()
                .expectStatus()
                .isAccepted();
    }

    /** The draft waiting for a person of this contact, once there is one. */
    Map<String, Object> pendingOf(String contact) {
        return await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> HttpClients.list(drafting, "/api/v1/drafts?status=pending&limit=500").stream()
                                .filter(draft -> contact.equals(draft.get("contact_id")))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    /** A draft as drafting-service has it now. */
    @SuppressWarnings("unchecked")
    Map<String, Object> draft(Object id) {
        return (Map<String, Object>) HttpClients.object(drafting.get().uri("/api/v1/drafts/{id}", id))
                .get("draft");
    }

    /** The send an approved draft became, as dispatch-service has it now (empty until it took the approval). */
    List<Map<String, Object>> sendsOf(Object draftId) {
        return HttpClients.list(
                LocalRuns.client(touchflow, touchflow.settings().services().dispatch()),
                "/api/v1/sends?draft=" + draftId);
    }
}
