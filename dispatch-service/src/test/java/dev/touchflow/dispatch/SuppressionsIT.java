package dev.touchflow.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.schemas.enrollment.Exited;
import dev.touchflow.testkit.HttpClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The suppression list searched, and an entry lifted by an admin with a reason: audited, and sends resume. */
class SuppressionsIT extends DispatchServiceTest {

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void anAdminLiftsAnUnsubscribedContactWithAReasonAndTheNextApprovalIsSent() {
        // Given a contact who unsubscribed (their enrollment exited unsubscribed) and another who did not
        String gone = contact();
        String other = contact();
        for (String someone : List.of(gone, other)) {
            sendEnrollmentEvent(someone, exited("unsubscribed"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> suppressed(other).size() == 1);

        // The list is searched by part of the contact, in any case, and a wildcard is only a character
        assertThat(suppressed(gone))
                .singleElement()
                .satisfies(entry -> assertThat(entry)
                        .containsEntry("address", "contact:" + gone)
                        .containsEntry("reason", "unsubscribed")
                        .containsEntry("source", "exit:unsubscribed"));
        assertThat(HttpClients.list(http(), "/api/v1/suppressions?search={s}", gone.toUpperCase()))
                .hasSize(1);
        assertThat(HttpClients.list(http(), "/api/v1/suppressions?search={s}&limit=500", "%"))
                .isEmpty();

        // An operator may not lift it; without a reason it is a 400 naming the field; another address is a 404
        Map<String, String> lift = Map.of("client_id", "b2bea", "address", "contact:" + gone, "reason", "");
        justin().post()
                .uri("/api/v1/suppressions/lift")
                .bodyValue(lift)
                .exchange()
                .expectStatus()
                .isForbidden();
        http().post()
                .uri("/api/v1/suppressions/lift")
                .bodyValue(lift)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("reason");
        http().post()
                .uri("/api/v1/suppressions/lift")
                .bodyValue(Map.of("client_id", "b2bea", "address", "nobody@acme.example", "reason", "asked"))
                .exchange()
                .expectStatus()
                .isNotFound();

        // When an admin lifts it with a reason
        List<Map> lifted = http().post()
                .uri("/api/v1/suppressions/lift")
                .bodyValue(Map.of("client_id", "b2bea", "address", "contact:" + gone, "reason", "asked to hear again"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBodyList(Map.class)
                .returnResult()
                .getResponseBody();

        // Then it is gone (the other stays), the audit trail says who, why and what it was
        assertThat(lifted).singleElement().satisfies(entry -> assertThat(entry).containsEntry("contact_id", gone));
        assertThat(suppressed(gone)).isEmpty();
        assertThat(suppressed(other)).hasSize(1);
        assertThat(HttpClients.list(http(), "/api/v1/audit?subject_type=suppression&subject_id=contact:{c}", gone))
                .singleElement()
                .satisfies(entry -> {
                    assertThat(entry).containsEntry("action", "suppression.lifted");
                    assertThat(entry.get("actor")).isEqualTo("test-admin");
                    assertThat((Map<String, Object>) entry.get("detail"))
                            .containsEntry("reason", "asked to hear again")
                            .containsEntry("was", "unsubscribed (exit:unsubscribed)");
                });
        // and a new approval for them is sent, while the other's is cancelled
        for (String someone : List.of(gone, other)) {
            send(approval(someone, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close"));
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> sendsOf(gone).size() == 1 && sendsOf(other).size() == 1);
        clock.advance(Duration.ofSeconds(31));
        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.inboxOf(email(gone)), messages -> messages.size() == 1);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "cancelled".equals(sendsOf(other).get(0).get("status")));
    }

    private List<Map<String, Object>> suppressed(String contact) {
        return HttpClients.list(http(), "/api/v1/suppressions?search={s}&limit=500", contact);
    }

    private static Exited exited(String reason) {
        return Exited.newBuilder()
                .setEnrollmentId(UUID.randomUUID().toString())
                .setCampaignSlug("b2bea_membership_close")
                .setCampaignVersion(1)
                .setReason(reason)
                .build();
    }
}
