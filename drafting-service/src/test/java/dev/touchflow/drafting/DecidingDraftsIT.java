package dev.touchflow.drafting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.platform.approval.Approval;
import dev.touchflow.platform.approval.ApprovalKeys;
import dev.touchflow.schemas.common.Contact;
import dev.touchflow.schemas.common.DraftingPolicy;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.drafting.DraftApproved;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.enrollment.Exited;
import dev.touchflow.schemas.sequencer.StepDue;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.testkit.HttpClients;
import dev.touchflow.testkit.TestApprovalKeys;
import dev.touchflow.testkit.TestIdentity;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A person edits, approves or rejects a waiting draft, once; a draft nobody decides on, or whose enrollment ended, cannot be approved. */
class DecidingDraftsIT extends DraftingServiceTest {

    @Autowired
    MeterRegistry meters;

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
        assertThat(HttpClients.list(otherClient, "/api/v1/drafts?campaign={campaign}&limit=500", campaign))
                .isEmpty();

        long approvedSoFar = meters.get("touchflow.approval.latency").timer().count();
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
        // the approval is timed from the draft's staging, once
        assertThat(meters.get("touchflow.approval.latency").timer().count()).isEqualTo(approvedSoFar + 1);
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
        Approval statement = Approval.of(event, approvalHeaders(dana).get(0), event.getContentHash());
        assertThat(refusal(statement, event)).isEmpty();
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
        assertThat(refusal(edited, event)).isPresent();

        Map<?, ?> full = fullDraft(id);
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
                .bodyValue(Map.of("ids", List.of(rejected, kept, unknown, kept)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(list(answer.get("results")))
                .extracting(r -> r.get("id") + ":" + r.get("outcome"))
                .containsExactly(rejected + ":conflict", kept + ":approved", unknown + ":not_found");
        assertThat(list(answer.get("results")))
                .extracting(r -> String.valueOf(r.get("status")))
                .containsExactly("rejected", "approved", "null");
        DraftApproved approved = await().atMost(Duration.ofSeconds(30))
                .until(() -> approvals(second), list -> list.size() == 1)
                .get(0);
        assertThat(approvals(first)).isEmpty();

        // And the bulk approval is the same approval as a lone one: signed for exactly this content, and audited
        assertThat(approved.getBody()).isEqualTo("Hi Ben, second.");
        assertThat(approved.getContentHash()).isEqualTo(sha256("Hello Ben\0Hi Ben, second."));
        assertThat(refusal(Approval.of(approved, approvalHeaders(second).get(0), approved.getContentHash()), approved))
                .isEmpty();
        Map<?, ?> full = fullDraft(kept);
        List<Map<?, ?>> history = list(full.get("history"));
        assertThat(history)
                .extracting(h -> h.get("action") + ":" + h.get("actor"))
                .containsExactly("staged:drafting-service", "approved:" + approved.getApprovedBy());
        assertThat(((Map<?, ?>) history.get(1).get("after")).get("content_hash"))
                .isEqualTo(approved.getContentHash());
    }

    private Map<?, ?> fullDraft(Object id) {
        return approver()
                .get()
                .uri("/api/v1/drafts/{id}", id)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    /** Why dispatch would refuse the event's signature for this statement, under the key it trusts; empty if it would not. */
    private static Optional<String> refusal(Approval statement, DraftApproved event) {
        byte[] signature = new byte[event.getSignature().remaining()];
        event.getSignature().duplicate().get(signature);
        PublicKey trusted = ApprovalKeys.publicKey(TestApprovalKeys.publicKeyBase64(), "test");
        return ApprovalKeys.refusal(
                statement, signature, TestApprovalKeys.KEY_ID, Map.of(TestApprovalKeys.KEY_ID, trusted));
    }
}
