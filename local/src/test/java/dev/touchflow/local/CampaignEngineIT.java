package dev.touchflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.schemas.enrollment.Enrolled;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.enrollment.Exited;
import dev.touchflow.schemas.sequencer.SequenceExhausted;
import dev.touchflow.schemas.sequencer.StepDue;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.testkit.HttpClients;
import dev.touchflow.testkit.KafkaProbe;
import dev.touchflow.testkit.MovableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The campaign engine across services in simulated time: b2bea_membership_close runs from
 * enrollment to its no_engagement exit with every step firing on its spec day; a converted
 * contact moves to b2bea_membership_cs at step 1; a replay of every topic changes nothing.
 */
class CampaignEngineIT {

    private static final Instant MONDAY = Instant.parse("2026-05-04T14:00:00Z");
    private static final long[] SPEC_DAYS = {0, 3, 7, 10, 14, 21, 35, 56};
    private static final String[] CONTENT_TYPES = {
        "follow_up", "proof", "boss_arming", "follow_up", "campaign_visibility", "personal_visibility", "close", "exit"
    };
    private static final String[] SUBJECTS = {
        "Great speaking with you, Dana",
        "An idea for Acme",
        "Something you can forward",
        null,
        "Who is in the next B2BEA reports",
        "Your name on this, Dana",
        "Let's turn this on fully",
        "Closing the loop"
    };

    @TempDir
    static Path state;

    static final MovableClock clock = new MovableClock(MONDAY);
    static LocalTouchflow touchflow;
    static WebTestClient enrollment;
    static WebTestClient sequencer;
    static WebTestClient drafting;
    static WebTestClient dispatch;

    @BeforeAll
    static void startTouchflow() {
        touchflow = LocalRuns.start(state, Map.of("touchflow.sequencer.poll-interval", "50ms"), clock);
        enrollment = LocalRuns.client(touchflow, touchflow.settings().services().enrollment());
        sequencer = LocalRuns.client(touchflow, touchflow.settings().services().sequencer());
        drafting = LocalRuns.client(touchflow.settings().services().drafting(), touchflow.operatorToken());
        dispatch = LocalRuns.client(touchflow, touchflow.settings().services().dispatch());
    }

    @AfterAll
    static void stopTouchflow() {
        if (touchflow != null) {
            touchflow.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCloseSequenceRunsOnItsSpecDaysToANoEngagementExitAndAConvertedContactMovesOn() {
        KafkaProbe kafka = new KafkaProbe(touchflow.bootstrapServers());
        String quiet = "quiet-" + UUID.randomUUID().toString().substring(0, 8);

        // Given a contact enrolled on Monday
        enroll(quiet);
        Enrolled enrolled = await().atMost(Duration.ofSeconds(30))
                .until(() -> enrolledIn(kafka, quiet, "b2bea_membership_close"), e -> e != null);
        assertThat(enrolled.getEnrolledAt()).isEqualTo(MONDAY);

        // Then every step fires on its spec day, and not a minute before
        for (int step = 1; step <= SPEC_DAYS.length; step++) {
            Instant due = MONDAY.plus(Duration.ofDays(SPEC_DAYS[step - 1]));
            if (step > 1) {
                clock.set(due.minus(Duration.ofMinutes(1)));
                int firedBefore = step - 1;
                await().during(Duration.ofMillis(400))
                        .atMost(Duration.ofSeconds(2))
                        .pollInterval(Duration.ofMillis(200))
                        .untilAsserted(() -> assertThat(stepsDue(kafka, quiet)).hasSize(firedBefore));
            }
            clock.set(due);
            int fired = step;
            List<StepDue> steps =
                    await().atMost(Duration.ofSeconds(30)).until(() -> stepsDue(kafka, quiet), s -> s.size() >= fired);
            assertThat(steps).hasSize(step);
            assertThat(steps.get(step - 1).getStep().getStepNumber()).isEqualTo(step);
            assertThat(steps.get(step - 1).getDueAt()).isEqualTo(due);

            // And each step is drafted from its template, with the right content for its content type
            int number = step;
            Map<String, Object> draft =
                    await().atMost(Duration.ofSeconds(30)).until(() -> draftOf(quiet, number), d -> d != null);
            assertThat(draft.get("status")).isEqualTo("pending");
            assertThat(((Map<?, ?>) draft.get("context")).get("content_type")).isEqualTo(CONTENT_TYPES[step - 1]);
            assertThat(draft.get("channel")).isEqualTo(step == 4 ? "linkedin" : "email");
            assertThat(draft.get("subject")).isEqualTo(SUBJECTS[step - 1]);
            assertThat(draft.get("body"))
                    .asString()
                    .startsWith("Hi Dana")
                    .doesNotContain("[missing:")
                    .doesNotContain("{{");
            assertThat(draft.get("requires_personal_send")).isEqualTo(step == 7);
            if (step == 7) {
                // The close step, approved, becomes a task for the person to send themselves, never an email
                drafting.post()
                        .uri("/api/v1/drafts/{id}/approve", draft.get("id"))
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .jsonPath("$.approved_by")
                        .isEqualTo("operator");
                List<Map<?, ?>> sends =
                        await().atMost(Duration.ofSeconds(30)).until(() -> sendsOf(quiet), list -> !list.isEmpty());
                assertThat(sends)
                        .singleElement()
                        .satisfies(send -> assertThat(send.get("status")).isEqualTo("task"));
                assertThat(touchflow.mail().inboxOf(quiet + "@acme.example")).isEmpty();
            }
        }

        // And after the three-day grace period the sequence is exhausted and the contact exits no_engagement
        Instant lastStep = MONDAY.plus(Duration.ofDays(56));
        clock.set(lastStep.plus(Duration.ofDays(3)).minus(Duration.ofMinutes(1)));
        await().during(Duration.ofMillis(400))
                .atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(exhausted(kafka, quiet)).isEmpty());
        clock.set(lastStep.plus(Duration.ofDays(3)));
        assertThat(await().atMost(Duration.ofSeconds(30)).until(() -> exhausted(kafka, quiet), list -> !list.isEmpty()))
                .singleElement()
                .satisfies(event -> assertThat(event.getLastStep()).isEqualTo(8));
        Exited exit = await().atMost(Duration.ofSeconds(30)).until(() -> exitOf(kafka, quiet), e -> e != null);
        assertThat(exit.getReason()).isEqualTo("no_engagement");

        // And the journal says why each step happened when it did
        sequencer
                .get()
                .uri("/api/v1/enrollments/{id}/journal", enrolled.getEnrollmentId())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.decision == 'fired')].step_number")
                .value(steps -> assertThat((List<Object>) steps).containsExactly(1, 2, 3, 4, 5, 6, 7, 8))
                .jsonPath("$[?(@.decision == 'exhausted')]")
                .exists();

        // When another contact converts
        String buyer = "buyer-" + UUID.randomUUID().toString().substring(0, 8);
        enroll(buyer);
        Enrolled buying = await().atMost(Duration.ofSeconds(30))
                .until(() -> enrolledIn(kafka, buyer, "b2bea_membership_close"), e -> e != null);
        enrollment
                .put()
                .uri("/api/v1/enrollments/{id}", buying.getEnrollmentId())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("action", "exit", "reason", "converted"))
                .exchange()
                .expectStatus()
                .isOk();

        // Then they are enrolled in b2bea_membership_cs at step 1, which the daily cap moves to the next day,
        // since close's step 1 already reached them today
        Enrolled onboarding = await().atMost(Duration.ofSeconds(30))
                .until(() -> enrolledIn(kafka, buyer, "b2bea_membership_cs"), e -> e != null);
        assertThat(onboarding.getEnrolledBy()).isEqualTo("exit_router");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> journal(onboarding.getEnrollmentId()).contains("\"cap\""));
        assertThat(stepsDue(kafka, buyer))
                .extracting(StepDue::getCampaignSlug)
                .containsExactly("b2bea_membership_close");
        clock.advance(Duration.ofDays(1));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> stepsDue(kafka, buyer).stream()
                        .anyMatch(due -> due.getCampaignSlug().equals("b2bea_membership_cs")
                                && due.getStep().getStepNumber() == 1));

        // When every topic is replayed from offset 0
        Map<String, Long> before = effects(kafka, quiet, buyer);
        String journalBefore = journal(enrolled.getEnrollmentId());
        LocalRuns.replayEverything(touchflow);

        // Then no step is due again, no enrollment or exit is repeated, and the journal is as it was
        assertThat(effects(kafka, quiet, buyer)).isEqualTo(before);
        assertThat(journal(enrolled.getEnrollmentId())).isEqualTo(journalBefore);
    }

    private void enroll(String contact) {
        enrollment
                .post()
                .uri("/api/v1/campaigns/b2bea_membership_close/enroll")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "contacts",
                        List.of(Map.of(
                                "id",
                                contact,
                                "email",
                                contact + "@acme.example",
                                "first_name",
                                "Dana",
                                "company",
                                "Acme",
                                "timezone",
                                "America/New_York")),
                        "goal",
                        "pipeline"))
                .exchange()
                .expectStatus()
                .isAccepted();
    }

    private String journal(String enrollmentId) {
        return sequencer
                .get()
                .uri("/api/v1/enrollments/{id}/journal", enrollmentId)
                .exchange()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    private Map<String, Long> effects(KafkaProbe kafka, String... contacts) {
        List<String> keys =
                Arrays.stream(contacts).map(contact -> "b2bea:" + contact).toList();
        return Map.of(
                Topics.ENROLL,
                        (long) kafka.readAll(Topics.ENROLL, r -> keys.contains(r.key()))
                                .size(),
                Topics.ENROLLMENT,
                        (long) kafka.readAll(Topics.ENROLLMENT, r -> keys.contains(r.key()))
                                .size(),
                Topics.STEP_DUE,
                        (long) kafka.readAll(Topics.STEP_DUE, r -> keys.contains(r.key()))
                                .size(),
                Topics.SEQUENCE_EXHAUSTED,
                        (long) kafka.readAll(Topics.SEQUENCE_EXHAUSTED, r -> keys.contains(r.key()))
                                .size(),
                Topics.DRAFT_STAGED,
                        (long) kafka.readAll(Topics.DRAFT_STAGED, r -> keys.contains(r.key()))
                                .size(),
                Topics.APPROVED,
                        (long) kafka.readAll(Topics.APPROVED, r -> keys.contains(r.key()))
                                .size(),
                Topics.SENT,
                        (long) kafka.readAll(Topics.SENT, r -> keys.contains(r.key()))
                                .size());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> draftOf(String contact, int step) {
        return HttpClients.list(drafting, "/api/v1/drafts?campaign=b2bea_membership_close&limit=500").stream()
                .filter(draft -> contact.equals(draft.get("contact_id"))
                        && Integer.valueOf(step).equals(draft.get("step_number")))
                .map(draft -> (Map<String, Object>) draft)
                .findFirst()
                .orElse(null);
    }

    private List<Map<?, ?>> sendsOf(String contact) {
        return HttpClients.list(dispatch, "/api/v1/sends?limit=500").stream()
                .filter(send -> contact.equals(send.get("contact_id")))
                .<Map<?, ?>>map(send -> send)
                .toList();
    }

    private List<StepDue> stepsDue(KafkaProbe kafka, String contact) {
        return kafka.decoded(Topics.STEP_DUE, "b2bea:" + contact, StepDue.class);
    }

    private List<SequenceExhausted> exhausted(KafkaProbe kafka, String contact) {
        return kafka.decoded(Topics.SEQUENCE_EXHAUSTED, "b2bea:" + contact, SequenceExhausted.class);
    }

    private List<Object> lifecycle(KafkaProbe kafka, String contact) {
        return kafka.decoded(Topics.ENROLLMENT, "b2bea:" + contact, EnrollmentEvent.class).stream()
                .map(EnrollmentEvent::getPayload)
                .toList();
    }

    private Enrolled enrolledIn(KafkaProbe kafka, String contact, String slug) {
        return lifecycle(kafka, contact).stream()
                .filter(Enrolled.class::isInstance)
                .map(Enrolled.class::cast)
                .filter(e -> e.getCampaignSlug().equals(slug))
                .findFirst()
                .orElse(null);
    }

    private Exited exitOf(KafkaProbe kafka, String contact) {
        return lifecycle(kafka, contact).stream()
                .filter(Exited.class::isInstance)
                .map(Exited.class::cast)
                .findFirst()
                .orElse(null);
    }
}
