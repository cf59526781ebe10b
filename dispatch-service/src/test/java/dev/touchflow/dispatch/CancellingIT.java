package dev.touchflow.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.schemas.dispatch.TouchCancelled;
import dev.touchflow.schemas.drafting.DraftApproved;
import dev.touchflow.schemas.enrollment.Exited;
import dev.touchflow.schemas.enrollment.Paused;
import dev.touchflow.schemas.enrollment.Resumed;
import dev.touchflow.testkit.HttpClients;
import dev.touchflow.testkit.TestIdentity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What waits can be cancelled by a person in the undo window, and is cancelled when its enrollment pauses or exits. */
class CancellingIT extends DispatchServiceTest {

    @Test
    void aSendCancelledWithinItsUndoWindowNeverLeavesAndAfterTheWindowACancelIsAConflict() {
        String kept = contact();
        String cancelled = contact();
        send(approval(cancelled, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close"));
        DraftApproved keptApproval = approval(kept, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close");
        send(keptApproval);
        Object cancelledId = firstSendId(cancelled);
        Object keptId = firstSendId(kept);
        // The send an approved draft became is found by the draft's id (the console's undo looks it up so)
        assertThat(HttpClients.list(http(), "/api/v1/sends?draft=" + keptApproval.getDraftId()))
                .singleElement()
                .satisfies(send -> assertThat(send.get("id")).isEqualTo(keptId));

        // An operator of another client can neither see nor cancel b2bea's sends: they are not there for them
        WebTestClient dora =
                HttpClients.client(port, TestIdentity.token("dora", List.of("operator"), List.of("dreamborn")));
        dora.get()
                .uri("/api/v1/sends/{id}", keptId)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        dora.post()
                .uri("/api/v1/sends/{id}/cancel", keptId)
                .exchange()
                .expectStatus()
                .isNotFound();
        assertThat(HttpClients.list(dora, "/api/v1/sends?limit=500"))
                .noneSatisfy(send -> assertThat(send.get("client_id")).isEqualTo("b2bea"));
        assertThat(HttpClients.list(dora, "/api/v1/sends?draft=" + keptApproval.getDraftId()))
                .isEmpty();
        justin().post()
                .uri("/api/v1/sends/{id}/cancel", cancelledId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("by", "someone-else", "reason", "wrong attachment"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("cancelled");
        clock.advance(Duration.ofSeconds(31));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> smtp.inboxOf(email(kept)).size() == 1);
        http().post()
                .uri("/api/v1/sends/{id}/cancel", keptId)
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(smtp.inboxOf(email(cancelled))).isEmpty();
        assertThat(events(cancelled, TouchCancelled.class))
                .singleElement()
                .satisfies(event -> assertThat(event.getReason()).isEqualTo("cancelled by justin: wrong attachment"));
        justin().get()
                .uri("/api/v1/audit?subject_type=send&subject_id={id}", cancelledId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].actor")
                .isEqualTo("justin")
                .jsonPath("$[0].action")
                .isEqualTo("send.cancelled");
    }

    @Test
    void aSendWaitingWhenItsEnrollmentPausesOrExitsIsCancelledAndNeverLeaves() {
        String keen = contact();
        String done = contact();
        String keenEnrollment = UUID.randomUUID().toString();
        String doneEnrollment = UUID.randomUUID().toString();
        send(approval(keen, keenEnrollment, 2, "email", "b2bea_membership_close"));
        send(approval(done, doneEnrollment, 4, "linkedin", "b2bea_membership_close"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> sendsOf(keen).size() == 1 && sendsOf(done).size() == 1);

        pauseForInterest(keen, keenEnrollment);
        exitConverted(done, doneEnrollment);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> "cancelled".equals(sendsOf(keen).get(0).get("status"))
                        && "cancelled".equals(sendsOf(done).get(0).get("status")));
        assertThat(sendsOf(keen).get(0).get("last_error")).isEqualTo("the enrollment paused: reply: interested");
        assertThat(sendsOf(done).get(0).get("last_error")).isEqualTo("the enrollment exited: converted");
        assertThat(await().atMost(Duration.ofSeconds(30))
                        .until(() -> events(keen, TouchCancelled.class), l -> !l.isEmpty()))
                .singleElement()
                .satisfies(cancelled -> assertThat(cancelled.getReason()).contains("paused"));
        clock.advance(Duration.ofSeconds(31));
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(smtp.inboxOf(email(keen))).isEmpty());
    }

    @Test
    void anApprovalArrivingAfterItsEnrollmentPausedOrExitedIsCancelledAndAResumedOneSendsAgain() {
        // The approved and enrollment topics keep no order between them: a person approved the next
        // touch while the reply that paused the enrollment (or the exit) was on its way.
        String keen = contact();
        String done = contact();
        String keenEnrollment = UUID.randomUUID().toString();
        String doneEnrollment = UUID.randomUUID().toString();
        pauseForInterest(keen, keenEnrollment);
        exitConverted(done, doneEnrollment);
        // the enrollment events are consumed (a paused one's own pause is idempotent), then the approvals come
        await().atMost(Duration.ofSeconds(30))
                .until(() -> db.sql("SELECT count(*) FROM enrollment_holds WHERE " + "enrollment_id IN ('"
                                        + keenEnrollment + "', '" + doneEnrollment + "')")
                                .map(row -> row.get(0, Long.class))
                                .one()
                                .block()
                        == 2);
        send(approval(keen, keenEnrollment, 2, "email", "b2bea_membership_close"));
        send(approval(done, doneEnrollment, 3, "email", "b2bea_membership_close"));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> sendsOf(keen).size() == 1
                        && sendsOf(done).size() == 1
                        && "cancelled".equals(sendsOf(keen).get(0).get("status"))
                        && "cancelled".equals(sendsOf(done).get(0).get("status")));
        assertThat(sendsOf(keen).get(0).get("last_error")).isEqualTo("the enrollment paused: reply: interested");
        assertThat(sendsOf(done).get(0).get("last_error")).isEqualTo("the enrollment exited: converted");
        assertThat(await().atMost(Duration.ofSeconds(30))
                        .until(() -> events(done, TouchCancelled.class), l -> !l.isEmpty()))
                .singleElement()
                .satisfies(cancelled -> assertThat(cancelled.getReason()).contains("exited"));

        // A person resumes the paused one: its next approval is sent; the exited one stays held
        sendEnrollmentEvent(
                keen,
                Resumed.newBuilder()
                        .setEnrollmentId(keenEnrollment)
                        .setCampaignSlug("b2bea_membership_close")
                        .build());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> db.sql("SELECT count(*) FROM enrollment_holds WHERE " + "enrollment_id = '"
                                        + keenEnrollment + "'")
                                .map(row -> row.get(0, Long.class))
                                .one()
                                .block()
                        == 0);
        send(approval(keen, keenEnrollment, 3, "email", "b2bea_membership_close"));
        send(approval(done, doneEnrollment, 4, "email", "b2bea_membership_close"));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            clock.advance(Duration.ofSeconds(31));
            return smtp.inboxOf(email(keen)).size() == 1;
        });
        assertThat(sendsOf(keen).stream().map(send -> send.get("step_number") + " " + send.get("status")))
                .containsExactly("2 cancelled", "3 sent");
        await().atMost(Duration.ofSeconds(30)).until(() -> sendsOf(done).size() == 2);
        assertThat(sendsOf(done).stream().map(send -> (Object) send.get("status")))
                .containsOnly("cancelled");
        assertThat(smtp.inboxOf(email(done))).isEmpty();
    }

    @Test
    void aSendWhoseEnrollmentWasHeldWhileItWasQueuedIsCancelledWhenItFallsDueNotSent() {
        // The pause and the queueing of an approval ran side by side: each committed without seeing the
        // other's row, so the pause cancelled nothing and the queueing saw no hold. The hold is written
        // here as the pause wrote it, after the send was queued; admission reads it with the send's lock.
        String contact = contact();
        String enrollment = UUID.randomUUID().toString();
        send(approval(contact, enrollment, 2, "email", "b2bea_membership_close"));
        await().atMost(Duration.ofSeconds(30)).until(() -> sendsOf(contact).size() == 1);
        db.sql("""
                        INSERT INTO enrollment_holds (enrollment_id, reason, final, held_at)
                        VALUES (:id::uuid, 'the enrollment exited: replied', true, now())""").bind("id", enrollment).then().block();
        assertThat(sendsOf(contact).get(0).get("status")).isEqualTo("pending");

        clock.advance(Duration.ofSeconds(31));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "cancelled".equals(sendsOf(contact).get(0).get("status")));
        assertThat(sendsOf(contact).get(0).get("last_error")).isEqualTo("the enrollment exited: replied");
        assertThat(await().atMost(Duration.ofSeconds(30))
                        .until(() -> events(contact, TouchCancelled.class), l -> !l.isEmpty()))
                .singleElement()
                .satisfies(cancelled -> assertThat(cancelled.getReason()).isEqualTo("the enrollment exited: replied"));
        assertThat(smtp.inboxOf(email(contact))).isEmpty();
    }

    /** The contact replied interested: their enrollment pauses for a person. */
    private void pauseForInterest(String contact, String enrollmentId) {
        sendEnrollmentEvent(
                contact,
                Paused.newBuilder()
                        .setEnrollmentId(enrollmentId)
                        .setCampaignSlug("b2bea_membership_close")
                        .setReason("reply: interested")
                        .build());
    }

    /** A person converted the contact: their enrollment exits. */
    private void exitConverted(String contact, String enrollmentId) {
        sendEnrollmentEvent(
                contact,
                Exited.newBuilder()
                        .setEnrollmentId(enrollmentId)
                        .setCampaignSlug("b2bea_membership_close")
                        .setCampaignVersion(1)
                        .setReason("converted")
                        .build());
    }
}
