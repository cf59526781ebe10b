package dev.touchflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.enrollment.Exited;
import dev.touchflow.schemas.enrollment.Paused;
import dev.touchflow.schemas.enrollment.Resumed;
import dev.touchflow.schemas.replies.ReplyClassified;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.testkit.HttpClients;
import dev.touchflow.testkit.KafkaProbe;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Everything in one JVM: a step is sent, the contact answers by email to the sender's mailbox, the
 * reply is read over IMAP, classified and published, and each service does what the label says.
 */
class ReplyEffectsIT {

    @TempDir
    static Path state;

    static LocalTouchflow touchflow;
    static WebTestClient enrollment;
    static WebTestClient drafting;
    static WebTestClient dispatch;
    static WebTestClient sequencer;

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @BeforeAll
    static void startTouchflow() {
        touchflow = LocalRuns.start(
                state,
                Map.of(
                        "touchflow.dispatch.undo-window",
                        "0s",
                        "touchflow.sequencer.poll-interval",
                        "100ms",
                        "touchflow.replies.imap.poll-interval",
                        "300ms",
                        // two touches on one day, so a second step can wait as a draft when the reply comes
                        "touchflow.sequencer.cap.daily-cap",
                        "3"),
                Clock.systemUTC());
        LocalSettings.Ports ports = touchflow.settings().services();
        enrollment = LocalRuns.client(touchflow, ports.enrollment());
        drafting = LocalRuns.client(ports.drafting(), touchflow.operatorToken());
        dispatch = LocalRuns.client(touchflow, ports.dispatch());
        sequencer = LocalRuns.client(touchflow, ports.sequencer());
    }

    @AfterAll
    static void stopTouchflow() {
        if (touchflow != null) {
            touchflow.close();
        }
    }

    @Test
    void anInterestedReplyWithdrawsTheNextDraftAlreadyWaitingSoItIsNeverSent() throws Exception {
        KafkaProbe kafka = new KafkaProbe(touchflow.bootstrapServers());
        String slug = "quick_follow_up_" + UUID.randomUUID().toString().substring(0, 6);
        LocalRuns.createCampaign(enrollment, slug, List.of(step(1, 0), step(2, 0), step(3, 1440)));
        String keen = "keen-" + UUID.randomUUID().toString().substring(0, 8);
        enrollment
                .post()
                .uri("/api/v1/campaigns/{slug}/enroll", slug)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "contacts",
                        List.of(Map.of("id", keen, "email", email(keen), "first_name", "Dana")),
                        "goal",
                        "pipeline"))
                .exchange()
                .expectStatus()
                .isAccepted();
        Map<String, Object> first = await().atMost(Duration.ofSeconds(30)).until(() -> draft(keen, 1), d -> d != null);
        drafting.post()
                .uri("/api/v1/drafts/{id}/approve", first.get("id"))
                .exchange()
                .expectStatus()
                .isOk();
        MimeMessage mail = await().atMost(Duration.ofSeconds(30))
                .until(() -> touchflow.mail().inboxOf(email(keen)), messages -> !messages.isEmpty())
                .get(0);
        // Step 2 is due at once and waits for a person's yes when the contact answers
        Map<String, Object> second = await().atMost(Duration.ofSeconds(30)).until(() -> draft(keen, 2), d -> d != null);
        assertThat(second.get("status")).isEqualTo("pending");

        reply(keen, mail.getHeader("Message-ID")[0], "Yes, please send over the deck and the member rates.");

        await().atMost(Duration.ofSeconds(60))
                .until(() -> "withdrawn".equals(draft(keen, 2).get("status")));
        drafting.post()
                .uri("/api/v1/drafts/{id}/approve", second.get("id"))
                .exchange()
                .expectStatus()
                .isEqualTo(409);
        assertThat(classified(kafka, keen))
                .singleElement()
                .satisfies(reply -> assertThat(reply.getLabel()).isEqualTo("interested"));
        assertThat(lifecycle(kafka, keen)).anyMatch(event -> event instanceof Paused);
        assertThat(touchflow.mail().inboxOf(email(keen))).hasSize(1);
    }

    private static Map<String, Object> step(int number, int delayMinutes) {
        return LocalRuns.emailStep(number, delayMinutes);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> draft(String contact, int step) {
        return HttpClients.list(drafting, "/api/v1/drafts?limit=500").stream()
                .map(item -> (Map<String, Object>) item)
                .filter(item -> contact.equals(item.get("contact_id"))
                        && Integer.valueOf(step).equals(item.get("step_number")))
                .findFirst()
                .orElse(null);
    }

    @Test
    void anOutOfOfficeReplyMovesTheNextStepToTheBusinessDayAfterTheReturnDate() throws Exception {
        KafkaProbe kafka = new KafkaProbe(touchflow.bootstrapServers());
        String away = "away-" + UUID.randomUUID().toString().substring(0, 8);
        String sent = sendFirstTouch(kafka, away);
        // Back on a Tuesday at least two weeks out, well after step 2 (three days after the first touch) was due
        LocalDate back = LocalDate.now(NEW_YORK).plusDays(14).with(TemporalAdjusters.nextOrSame(DayOfWeek.TUESDAY));
        String until = back.format(DateTimeFormatter.ofPattern("EEEE, d MMMM yyyy", Locale.ENGLISH));

        reply(
                away,
                sent,
                "Out of Office: Great speaking with you, Dana",
                Map.of("Auto-Submitted", "auto-replied"),
                "I am out of the office until " + until + " with limited access to email.");

        ReplyClassified ooo = await().atMost(Duration.ofSeconds(60))
                .until(() -> classified(kafka, away), list -> !list.isEmpty())
                .get(0);
        assertThat(ooo.getLabel()).isEqualTo("out_of_office");
        assertThat(ooo.getReturnDate()).isEqualTo(back);
        Map<String, Object> deferral = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> journal(ooo.getEnrollmentId()).stream()
                                .filter(entry -> "deferred".equals(entry.get("decision")))
                                .findFirst()
                                .orElse(null),
                        e -> e != null);
        assertThat(deferral.get("step_number")).isEqualTo(2);
        assertThat(deferral.get("reasons").toString()).contains("out_of_office until " + back);
        // The business day after the return date, at the opening of the contact's day in New York
        assertThat(Instant.parse(deferral.get("fire_at").toString())
                        .atZone(NEW_YORK)
                        .toLocalDate())
                .isEqualTo(back.plusDays(1));
        // The contact stays enrolled: an absence is not an answer
        assertThat(lifecycle(kafka, away)).noneMatch(event -> event instanceof Paused || event instanceof Exited);
    }

    @Test
    void anUnsubscribeReplyExitsAndSuppressesAndAnInterestedReplyPausesTheSequence() throws Exception {
        KafkaProbe kafka = new KafkaProbe(touchflow.bootstrapServers());
        String leaving = "leaving-" + UUID.randomUUID().toString().substring(0, 8);
        String keen = "keen-" + UUID.randomUUID().toString().substring(0, 8);
        String leavingSent = sendFirstTouch(kafka, leaving);
        String keenSent = sendFirstTouch(kafka, keen);

        reply(leaving, leavingSent, "Please remove me from your list.");
        reply(keen, keenSent, "Yes, please send over the deck and the member rates.");

        // The unsubscribe reply exits the enrollment and puts the contact on dispatch's suppression list
        ReplyClassified stop = await().atMost(Duration.ofSeconds(60))
                .until(() -> classified(kafka, leaving), list -> !list.isEmpty())
                .get(0);
        assertThat(stop.getLabel()).isEqualTo("unsubscribe");
        assertThat(stop.getInReplyTo()).isEqualTo(leavingSent);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> lifecycle(kafka, leaving).stream()
                        .anyMatch(event -> event instanceof Exited exited
                                && exited.getReason().equals("unsubscribed")));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> dispatch.get()
                        .uri("/api/v1/suppressions?client=b2bea&limit=500")
                        .exchange()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody()
                        .contains(leaving));

        // The interested reply pauses the sequence and hands the contact to a person
        ReplyClassified interested = await().atMost(Duration.ofSeconds(60))
                .until(() -> classified(kafka, keen), list -> !list.isEmpty())
                .get(0);
        assertThat(interested.getLabel()).isEqualTo("interested");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> lifecycle(kafka, keen).stream()
                        .anyMatch(event -> event instanceof Paused paused
                                && paused.getReason().equals("reply: interested")));

        // Replaying every topic from offset 0, sent and reply-classified among them, changes nothing
        int replies =
                classified(kafka, leaving).size() + classified(kafka, keen).size();
        int events = lifecycle(kafka, leaving).size() + lifecycle(kafka, keen).size();
        LocalRuns.replayEverything(touchflow);
        assertThat(classified(kafka, leaving).size() + classified(kafka, keen).size())
                .isEqualTo(replies);
        assertThat(lifecycle(kafka, leaving).size() + lifecycle(kafka, keen).size())
                .isEqualTo(events);
    }

    @Test
    void aReplyNothingCouldLabelHoldsTheSequenceUntilAPersonLabelsIt() throws Exception {
        KafkaProbe kafka = new KafkaProbe(touchflow.bootstrapServers());
        String unsure = "unsure-" + UUID.randomUUID().toString().substring(0, 8);
        String sent = sendFirstTouch(kafka, unsure);

        // Too short for the rules or the model to say what it is: it might be an opt-out
        reply(unsure, sent, "Hm.");

        ReplyClassified waiting = await().atMost(Duration.ofSeconds(60))
                .until(() -> classified(kafka, unsure), list -> !list.isEmpty())
                .get(0);
        assertThat(waiting.getLabel()).isEqualTo("needs_review");
        assertThat(waiting.getDecidedBy()).isEqualTo("nobody");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> lifecycle(kafka, unsure).stream()
                        .anyMatch(event -> event instanceof Paused paused
                                && paused.getReason().equals("reply: waiting for a person's label")));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> journal(waiting.getEnrollmentId()).stream()
                        .anyMatch(entry -> "paused".equals(entry.get("decision"))));

        // A person reads it and labels it: an automatic reply after all, so the sequence goes on
        WebTestClient replies =
                LocalRuns.client(touchflow, touchflow.settings().services().replies());
        replies.post()
                .uri("/api/v1/replies/{id}/label", waiting.getReplyId())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("label", "auto_reply"))
                .exchange()
                .expectStatus()
                .isOk();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> lifecycle(kafka, unsure).stream().anyMatch(event -> event instanceof Resumed));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> journal(waiting.getEnrollmentId()).stream()
                        .anyMatch(entry -> "resumed".equals(entry.get("decision"))));
        assertThat(classified(kafka, unsure))
                .extracting(ReplyClassified::getLabel)
                .containsExactly("needs_review", "auto_reply");
        assertThat(lifecycle(kafka, unsure)).noneMatch(event -> event instanceof Exited);
    }

    /** Books, routes and approves the contact's first touch; returns the Message-ID it was sent with. */
    private String sendFirstTouch(KafkaProbe kafka, String contact) throws Exception {
        kafka.sendText(
                Topics.MEETING_BOOKED, "b2bea:" + contact, """
                {"event_id": "%s", "client_id": "b2bea",
                 "contact": {"id": "%s", "email": "%s", "first_name": "Dana", "last_name": "Ruiz", "company": "Acme",
                             "timezone": "America/New_York"},
                 "meeting": {"booked_at": "2026-04-29T14:00:00Z", "notes": "wants pipeline"},
                 "booked_by": "roles.bdr", "suggested_campaigns": ["b2bea_membership_close"]}
                """.formatted(UUID.randomUUID(), contact, email(contact)));
        String gate = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> idWhere(enrollment, "/api/v1/gate?status=pending&limit=500", "contact", contact),
                        id -> id != null);
        enrollment
                .post()
                .uri("/api/v1/gate/{id}/route", gate)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("campaigns", List.of("b2bea_membership_close"), "goal", "pipeline"))
                .exchange()
                .expectStatus()
                .isOk();
        String draft = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> idWhere(drafting, "/api/v1/drafts?status=pending&limit=500", "contact_id", contact),
                        id -> id != null);
        drafting.post()
                .uri("/api/v1/drafts/{id}/approve", draft)
                .exchange()
                .expectStatus()
                .isOk();
        MimeMessage mail = await().atMost(Duration.ofSeconds(30))
                .until(() -> touchflow.mail().inboxOf(email(contact)), messages -> !messages.isEmpty())
                .get(0);
        return mail.getHeader("Message-ID")[0];
    }

    private void reply(String contact, String inReplyTo, String text) throws Exception {
        reply(contact, inReplyTo, "Re: Great speaking with you, Dana", Map.of(), text);
    }

    private void reply(String contact, String inReplyTo, String subject, Map<String, String> headers, String text)
            throws Exception {
        LocalRuns.mailReply(touchflow, email(contact), inReplyTo, subject, headers, text);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> journal(String enrollmentId) {
        return HttpClients.list(sequencer, "/api/v1/enrollments/{id}/journal", enrollmentId).stream()
                .map(entry -> (Map<String, Object>) entry)
                .toList();
    }

    private List<ReplyClassified> classified(KafkaProbe kafka, String contact) {
        return kafka.decoded(Topics.REPLY_CLASSIFIED, "b2bea:" + contact, ReplyClassified.class);
    }

    private List<Object> lifecycle(KafkaProbe kafka, String contact) {
        return kafka.decoded(Topics.ENROLLMENT, "b2bea:" + contact, EnrollmentEvent.class).stream()
                .map(EnrollmentEvent::getPayload)
                .toList();
    }

    private static String email(String contact) {
        return contact + "@acme.example";
    }

    @SuppressWarnings("unchecked")
    private static String idWhere(WebTestClient client, String uri, String field, String contact) {
        return HttpClients.list(client, uri).stream()
                .map(item -> (Map<String, Object>) item)
                .filter(item -> {
                    Object value = item.get(field);
                    return value instanceof Map<?, ?> map ? contact.equals(map.get("id")) : contact.equals(value);
                })
                .map(item -> (String) item.get("id"))
                .findFirst()
                .orElse(null);
    }
}
