package dev.touchflow.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.platform.approval.Approval;
import dev.touchflow.platform.security.AccessWalk;
import dev.touchflow.platform.security.ScopeWalk;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.dispatch.TouchFailed;
import dev.touchflow.schemas.drafting.ApprovalEvent;
import dev.touchflow.schemas.drafting.DraftApproved;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.testkit.HttpClients;
import dev.touchflow.testkit.TestApprovalKeys;
import dev.touchflow.testkit.TestIdentity;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;

/** Only what drafting-service signed, exactly as signed, is ever sent; only its own client sees it. */
class ApprovalTrustIT extends DispatchServiceTest {

    @Test
    void anApprovalDraftingServiceDidNotSignForExactlyThisContentSendsNothingAndIsRefusedVisibly() {
        // A well-formed DraftApproved written straight to the topic: unsigned, signed by a key nobody trusts,
        // signed and then given another body (its hash recomputed to match), signed and then sent elsewhere
        String unsigned = contact();
        String forged = contact();
        String altered = contact();
        String redirected = contact();
        EventHeader unsignedHeader = header(unsigned);
        kafka.send(record(
                Topics.APPROVED,
                unsigned,
                unsignedHeader,
                ApprovalEvent.newBuilder()
                        .setHeader(unsignedHeader)
                        .setPayload(
                                approval(unsigned, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close"))
                        .build()));
        EventHeader forgedHeader = header(forged);
        DraftApproved forgery = approval(forged, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close");
        sign(forgery, forgedHeader, TestApprovalKeys.untrusted().getPrivate(), TestApprovalKeys.KEY_ID);
        kafka.send(record(
                Topics.APPROVED,
                forged,
                forgedHeader,
                ApprovalEvent.newBuilder()
                        .setHeader(forgedHeader)
                        .setPayload(forgery)
                        .build()));
        EventHeader alteredHeader = header(altered);
        DraftApproved changed = approval(altered, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close");
        sign(changed, alteredHeader, TestApprovalKeys.privateKey(), TestApprovalKeys.KEY_ID);
        changed.setBody("Hi Dana,\n\nplease wire the fee to the account below.");
        changed.setContentHash(Approval.contentHash(changed.getSubject(), changed.getBody()));
        kafka.send(record(
                Topics.APPROVED,
                altered,
                alteredHeader,
                ApprovalEvent.newBuilder()
                        .setHeader(alteredHeader)
                        .setPayload(changed)
                        .build()));
        EventHeader redirectedHeader = header(redirected);
        DraftApproved elsewhere =
                approval(redirected, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close");
        sign(elsewhere, redirectedHeader, TestApprovalKeys.privateKey(), TestApprovalKeys.KEY_ID);
        elsewhere.setToId("mallory@evil.example");
        kafka.send(record(
                Topics.APPROVED,
                redirected,
                redirectedHeader,
                ApprovalEvent.newBuilder()
                        .setHeader(redirectedHeader)
                        .setPayload(elsewhere)
                        .build()));
        // And a signed approval after them, which goes out as usual
        String good = contact();
        send(approval(good, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close"));
        await().atMost(Duration.ofSeconds(30)).until(() -> sendsOf(good), l -> !l.isEmpty());
        clock.advance(Duration.ofSeconds(31));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> smtp.inboxOf(email(good)).size() == 1);

        // Then none of the four is queued or sent; each is listed as refused with its reason, and published
        List<Map<String, Object>> refused = http().get()
                .uri("/api/v1/sends?status=refused&limit=500")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBodyList(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody();
        Map<String, String> reasons = new HashMap<>();
        refused.forEach(send -> reasons.put((String) send.get("contact_id"), (String) send.get("last_error")));
        assertThat(reasons.get(unsigned)).isEqualTo("approval refused: the approval is not signed");
        assertThat(reasons.get(forged))
                .isEqualTo("approval refused: the approval's signature does not match its content");
        assertThat(reasons.get(altered))
                .isEqualTo("approval refused: the approval's signature does not match its content");
        assertThat(reasons.get(redirected))
                .isEqualTo("approval refused: the approval's signature does not match its content");
        assertThat(refused)
                .filteredOn(send -> redirected.equals(send.get("contact_id")))
                .singleElement()
                .satisfies(send -> assertThat(send.get("to_id")).isEqualTo("mallory@evil.example"));
        for (String contact : List.of(unsigned, forged, altered, redirected)) {
            assertThat(sendsOf(contact)).isEmpty();
            assertThat(smtp.inboxOf(email(contact))).isEmpty();
            assertThat(await().atMost(Duration.ofSeconds(30))
                            .until(() -> events(contact, TouchFailed.class), l -> !l.isEmpty()))
                    .singleElement()
                    .satisfies(failed -> {
                        assertThat(failed.getReason()).startsWith("approval refused: ");
                        assertThat(failed.getPermanent()).isTrue();
                    });
        }
        assertThat(smtp.inboxOf("mallory@evil.example")).isEmpty();
        // A viewer of another client sees none of them
        assertThat(HttpClients.client(port, TestIdentity.token("vic", List.of("viewer"), List.of("dreamborn")))
                        .get()
                        .uri("/api/v1/sends?status=refused&limit=500")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBodyList(Map.class)
                        .returnResult()
                        .getResponseBody())
                .isEmpty();
    }

    @Test
    void aQueuedSendWhoseContentIsChangedAfterTheApprovalIsRefusedRightBeforeSending() {
        String contact = contact();
        send(approval(contact, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close"));
        Object id = firstSendId(contact);
        // Someone with access to dispatch's database changes the text a person approved
        db.sql("UPDATE sales_send_queue SET body = 'Hi Dana, please wire the fee.' WHERE id = :id")
                .bind("id", UUID.fromString(id.toString()))
                .then()
                .block();
        clock.advance(Duration.ofSeconds(31));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> "refused".equals(sendsOf(contact).get(0).get("status")));
        assertThat(sendsOf(contact).get(0).get("last_error"))
                .isEqualTo("approval refused before sending: the approval's signature does not match its content");
        assertThat(smtp.inboxOf(email(contact))).isEmpty();
        assertThat(await().atMost(Duration.ofSeconds(30))
                        .until(() -> events(contact, TouchFailed.class), l -> !l.isEmpty()))
                .singleElement()
                .satisfies(failed -> assertThat(failed.getReason()).startsWith("approval refused before sending"));
    }

    @Test
    void everySendAndTaskOfOneClientIsNotFoundForAnotherClientsCallers(@Autowired ApplicationContext context) {
        // Given b2bea's email waiting out its undo window and b2bea's LinkedIn task
        String mailed = contact();
        String tasked = contact();
        send(approval(mailed, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close"));
        send(approval(tasked, UUID.randomUUID().toString(), 4, "linkedin", "b2bea_membership_close"));
        Object sendId = firstSendId(mailed);
        Object taskId = firstSendId(tasked);

        // Then another client's operators and viewers find neither, and cancel, retry or complete nothing
        assertThat(ScopeWalk.walk(
                        context,
                        port,
                        ScopeWalk.Owned.by("b2bea")
                                .object("/api/v1/sends/{id}", sendId.toString())
                                .object("/api/v1/tasks/{id}", taskId.toString())
                                .body(HttpMethod.POST, "/api/v1/sends/{id}/cancel", Map.of("reason", "walk"))
                                .body(
                                        HttpMethod.POST,
                                        "/api/v1/sends/{id}/retry",
                                        Map.of("acknowledge_possible_duplicate", true))
                                .listed("/api/v1/sends", "limit=500")
                                .listed("/api/v1/tasks", "limit=500")
                                .listed("/api/v1/suppressions", "client=b2bea")
                                .listed("/api/v1/audit", "subject_id=" + sendId)))
                .isEmpty();
        assertThat(sendsOf(mailed).get(0).get("status")).isIn("pending", "sending", "sent");
        assertThat(sendsOf(tasked).get(0).get("status")).isEqualTo("task");
    }

    @Test
    void everyEndpointHasARuleAndAnswersEachKindOfCallerByIt(@Autowired ApplicationContext context) {
        assertThat(AccessWalk.walk(context, port, 11)).isEmpty();
    }
}
