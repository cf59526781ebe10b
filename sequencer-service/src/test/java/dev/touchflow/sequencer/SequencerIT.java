package dev.touchflow.sequencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.platform.security.AccessWalk;
import dev.touchflow.platform.security.ScopeWalk;
import dev.touchflow.schemas.sequencer.StepDue;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.sequencer.timer.FiringDueSteps;
import dev.touchflow.testkit.HttpClients;
import dev.touchflow.testkit.KafkaProbe;
import dev.touchflow.testkit.MovableClock;
import dev.touchflow.testkit.MovableTime;
import dev.touchflow.testkit.ServiceUnderTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The sequencer alone on the real broker and database, with a clock the test moves. */
// Every sequencer context runs the firing loop and joins the service's consumer group with a clock of its own:
// closed after its class, it cannot take another class's enrollments or fire its timers.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(
        classes = {SequencerApplication.class, MovableTime.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            SequencerApplication.CONFIG_NAME,
            "touchflow.sequencer.poll-interval=50ms",
            "touchflow.sequencer.batch-size=20",
            "touchflow.sequencer.rescan-interval=2s"
        })
class SequencerIT {

    @Autowired
    MovableClock clock;

    @Test
    void theFiringLoopRunsOnAThreadOfItsOwnNotOnTheSharedScheduler() {
        assertThat(Thread.getAllStackTraces().keySet())
                .extracting(Thread::getName)
                .contains("sequencer-firing-1");
    }

    @Test
    void everyEndpointHasARuleAndAnswersEachKindOfCallerByIt(@Autowired ApplicationContext context) {
        assertThat(AccessWalk.walk(context, port, 4)).isEmpty();
    }

    @Test
    void anEnrollmentsJournalAndACampaignsSimulationAreNotFoundForAnotherClient(@Autowired ApplicationContext context) {
        // Given b2bea's campaign and an enrollment the sequencer has planned
        String slug = "scoped_" + UUID.randomUUID().toString().substring(0, 8);
        kafka.send(SequencerEvents.campaignVersion(slug, SequencerEvents.OFFICE_HOURS, 0, 3));
        String enrollment = UUID.randomUUID().toString();
        kafka.send(SequencerEvents.enrolled(
                "scoped-" + UUID.randomUUID(), enrollment, clock.instant(), SequencerEvents.OFFICE_HOURS, 0, 3));
        Map<String, Object> request =
                Map.of("contact", Map.of("id", "sim", "timezone", "America/New_York"), "start", "2026-09-04T23:00:00Z");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> journal(enrollment).startsWith("[{")
                        && simulate(slug, request)
                                .expectBody(String.class)
                                .returnResult()
                                .getStatus()
                                .is2xxSuccessful());

        // Then another client's callers find neither; holiday calendars are every client's by design
        assertThat(ScopeWalk.walk(
                        context,
                        port,
                        ScopeWalk.Owned.by("b2bea")
                                .object("/api/v1/enrollments/{id}", enrollment)
                                .object("/api/v1/campaigns/{slug}", slug)
                                .body(HttpMethod.POST, "/api/v1/campaigns/{slug}/simulate", request)
                                .shared(
                                        "/api/v1/calendars/",
                                        "a holiday calendar is a country's or a company's, named, not a client's")
                                .listed("/api/v1/audit", "subject_id=" + slug)))
                .isEmpty();
    }

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Autowired
    DatabaseClient db;

    @Autowired
    FiringDueSteps firing;

    private final KafkaProbe kafka = KafkaProbe.onTestBroker();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceUnderTest.register(registry, "sequencer-service");
    }

    @Test
    void anOutOfOfficeReplyMovesTheNextStepToTheBusinessDayAfterTheReturn() {
        String contact = "ooo-" + UUID.randomUUID();
        String enrollment = UUID.randomUUID().toString();
        clock.set(Instant.parse("2026-06-01T14:00:00Z"));
        kafka.send(SequencerEvents.enrolled(contact, enrollment, clock.instant(), SequencerEvents.OFFICE_HOURS, 0, 3));
        await().atMost(Duration.ofSeconds(30)).until(() -> stepsFired(contact).size() == 1);

        // back on Friday 2026-06-05: step 2, due Thursday, moves to Monday 08:00 New York
        kafka.send(SequencerEvents.outOfOffice(contact, enrollment, LocalDate.parse("2026-06-05")));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> journal(enrollment).contains("out_of_office until 2026-06-05"));
        assertThat(journal(enrollment)).contains("\"fire_at\":\"2026-06-08T12:00:00Z\"");

        clock.set(Instant.parse("2026-06-04T14:00:00Z"));
        stillHolds(() -> assertThat(stepsFired(contact)).hasSize(1));
        clock.set(Instant.parse("2026-06-08T12:00:00Z"));
        await().atMost(Duration.ofSeconds(30)).until(() -> stepsFired(contact).size() == 2);
        assertThat(stepsFired(contact).get(1).getDueAt()).isEqualTo(Instant.parse("2026-06-08T12:00:00Z"));
    }

    @Test
    void aPauseHoldsTheStepAndResumePlansItAtTheNextOpening() {
        String contact = "pause-" + UUID.randomUUID();
        String enrollment = UUID.randomUUID().toString();
        clock.set(Instant.parse("2026-07-06T14:00:00Z"));
        kafka.send(SequencerEvents.enrolled(contact, enrollment, clock.instant(), SequencerEvents.OFFICE_HOURS, 0, 2));
        await().atMost(Duration.ofSeconds(30)).until(() -> stepsFired(contact).size() == 1);

        kafka.send(SequencerEvents.paused(contact, enrollment));
        await().atMost(Duration.ofSeconds(30)).until(() -> journal(enrollment).contains("\"paused\""));
        clock.set(Instant.parse("2026-07-08T14:00:00Z"));
        stillHolds(() -> assertThat(stepsFired(contact)).hasSize(1));

        // resumed Thursday 19:30 New York, after the window: step 2 goes Friday 08:00
        clock.set(Instant.parse("2026-07-09T23:30:00Z"));
        kafka.send(SequencerEvents.resumed(contact, enrollment));
        await().atMost(Duration.ofSeconds(30)).until(() -> journal(enrollment).contains("\"resumed\""));
        assertThat(journal(enrollment)).contains("\"fire_at\":\"2026-07-10T12:00:00Z\"");
        clock.set(Instant.parse("2026-07-10T12:00:00Z"));
        await().atMost(Duration.ofSeconds(30)).until(() -> stepsFired(contact).size() == 2);
    }

    @Test
    void aReturnDateGivenWhilePausedStillHoldsWhenTheEnrollmentResumes() {
        String contact = "held-" + UUID.randomUUID();
        String enrollment = UUID.randomUUID().toString();
        clock.set(Instant.parse("2026-06-01T14:00:00Z"));
        kafka.send(SequencerEvents.enrolled(contact, enrollment, clock.instant(), SequencerEvents.OFFICE_HOURS, 0, 3));
        await().atMost(Duration.ofSeconds(30)).until(() -> stepsFired(contact).size() == 1);
        kafka.send(SequencerEvents.paused(contact, enrollment));
        await().atMost(Duration.ofSeconds(30)).until(() -> journal(enrollment).contains("\"paused\""));

        // while paused (a reply waiting for a person, say) the contact turns out to be away until Friday 12 June
        kafka.send(SequencerEvents.outOfOffice(contact, enrollment, LocalDate.parse("2026-06-12")));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> journal(enrollment).contains("out_of_office until 2026-06-12"));

        // resumed on Wednesday: step 2 waits for Monday 15 June 08:00 New York, not the next opening
        clock.set(Instant.parse("2026-06-03T14:00:00Z"));
        kafka.send(SequencerEvents.resumed(contact, enrollment));
        await().atMost(Duration.ofSeconds(30)).until(() -> journal(enrollment).contains("\"resumed\""));
        assertThat(journal(enrollment))
                .contains("deferred while paused")
                .contains("\"fire_at\":\"2026-06-15T12:00:00Z\"");
        clock.set(Instant.parse("2026-06-15T12:00:00Z"));
        await().atMost(Duration.ofSeconds(30)).until(() -> stepsFired(contact).size() == 2);
        assertThat(stepsFired(contact).get(1).getDueAt()).isEqualTo(Instant.parse("2026-06-15T12:00:00Z"));
    }

    @Test
    void twoStepsOfOneContactDueTogetherFireOnConsecutiveDaysUnderTheDailyCap() {
        // Given one contact in two campaigns whose first steps are due at the same moment, Tuesday 10:00 New York
        String contact = "capped-" + UUID.randomUUID();
        List<String> enrollments =
                List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        clock.set(Instant.parse("2026-08-04T14:00:00Z"));
        kafka.sendAll(enrollments.stream()
                .map(enrollment -> SequencerEvents.enrolled(
                        contact, enrollment, clock.instant(), SequencerEvents.OFFICE_HOURS, 0, 7))
                .toList());

        // When they come due, only one touch fits the contact's day
        await().atMost(Duration.ofSeconds(30))
                .until(() -> enrollments.stream()
                        .allMatch(id ->
                                journal(id).contains("\"fired\"") || journal(id).contains("\"deferred\"")));
        stillHolds(() -> assertThat(stepsFired(contact)).hasSize(1));
        String deferred = enrollments.stream()
                .filter(id -> !id.equals(stepsFired(contact).get(0).getEnrollmentId()))
                .findFirst()
                .orElseThrow();
        assertThat(journal(deferred)).contains("\"cap\"").contains("\"fire_at\":\"2026-08-05T12:00:00Z\"");

        // Then the other fires at Wednesday's opening
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        await().atMost(Duration.ofSeconds(30)).until(() -> stepsFired(contact).size() == 2);
        assertThat(stepsFired(contact).get(1).getEnrollmentId()).isEqualTo(deferred);
    }

    @Test
    @SuppressWarnings("unchecked")
    void simulateAnswersWhatTheSequencerDoesWithTheClientsHolidays() {
        http().put()
                .uri("/api/v1/calendars/b2bea")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("holidays", List.of(Map.of("day", "2026-09-07", "name", "Labor Day"))))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].name")
                .isEqualTo("Labor Day");
        kafka.send(SequencerEvents.campaignVersion("it_simulated", SequencerEvents.OFFICE_HOURS, 0, 3));
        Map<String, Object> request =
                Map.of("contact", Map.of("id", "sim", "timezone", "America/New_York"), "start", "2026-09-04T23:00:00Z");

        // Friday 19:00 before Labor Day: step 1 on Tuesday 08:00; step 2 (due Monday) also Tuesday, so the cap moves it
        await().atMost(Duration.ofSeconds(30))
                .until(() -> simulate("it_simulated", request)
                        .expectBody(String.class)
                        .returnResult()
                        .getStatus()
                        .is2xxSuccessful());
        simulate("it_simulated", request)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.steps[0].fire_at")
                .isEqualTo("2026-09-08T12:00:00Z")
                .jsonPath("$.steps[0].deferred_because")
                .value(reasons ->
                        assertThat((List<Object>) reasons).containsExactly("after_window", "weekend", "holiday"))
                .jsonPath("$.steps[1].fire_at")
                .isEqualTo("2026-09-09T12:00:00Z")
                .jsonPath("$.steps[1].deferred_because")
                .value(reasons -> assertThat((List<Object>) reasons).containsExactly("cap"));
        simulate("nope", request).expectStatus().isNotFound();

        // and a real enrollment at that moment is planned for the same instant
        String enrollment = UUID.randomUUID().toString();
        clock.set(Instant.parse("2026-09-04T23:00:00Z"));
        kafka.send(SequencerEvents.enrolled(
                "real-" + UUID.randomUUID(), enrollment, clock.instant(), SequencerEvents.OFFICE_HOURS, 0, 3));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> journal(enrollment).contains("\"fire_at\":\"2026-09-08T12:00:00Z\""));
    }

    @Test
    void twoInstancesShareTheTimersAndNoStepFiresTwiceWhenOneStopsMidway() {
        Instant due = Instant.parse("2026-10-05T14:00:00Z");
        clock.set(due.minus(Duration.ofHours(1)));
        ConfigurableApplicationContext second = secondInstance();
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> contacts =
                IntStream.range(0, 300).mapToObj(i -> "pair-" + run + "-" + i).toList();
        List<ProducerRecord<String, byte[]>> enrollments = contacts.stream()
                .map(contact ->
                        SequencerEvents.enrolled(contact, UUID.randomUUID().toString(), due, null, 0, 7))
                .toList();
        kafka.sendAll(enrollments);
        await().atMost(Duration.ofSeconds(60)).until(() -> timersOf(run) == 300);

        // When both instances fire the same 300 due timers, and one stops midway
        FiringDueSteps first = firing;
        FiringDueSteps other = second.getBean(FiringDueSteps.class);
        long firstBefore = first.firedSoFar();
        clock.set(due);
        await().atMost(Duration.ofSeconds(30)).until(() -> other.firedSoFar() > 0 && first.firedSoFar() > firstBefore);
        second.close();

        // Then every step fired exactly once
        await().atMost(Duration.ofSeconds(60)).during(Duration.ofMillis(600)).until(() -> firedCount(run) == 300);
        List<String> fired =
                kafka.decoded(Topics.STEP_DUE, r -> r.key().contains("pair-" + run), StepDue.class).stream()
                        .map(StepDue::getEnrollmentId)
                        .toList();
        assertThat(fired).hasSize(300).doesNotHaveDuplicates();
    }

    private ConfigurableApplicationContext secondInstance() {
        String[] same = {
            "spring.kafka.bootstrap-servers",
            "spring.r2dbc.url",
            "spring.r2dbc.username",
            "spring.r2dbc.password",
            "spring.flyway.url",
            "spring.flyway.user",
            "spring.flyway.password",
            "touchflow.security.jwk-set",
            "touchflow.security.issuer"
        };
        List<String> args = new ArrayList<>(List.of(
                "--spring.config.name=sequencer-service",
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--touchflow.sequencer.poll-interval=50ms",
                "--touchflow.sequencer.batch-size=20",
                "--touchflow.sequencer.rescan-interval=2s"));
        for (String key : same) {
            args.add("--" + key + "=" + environment.getProperty(key, ""));
        }
        return new SpringApplicationBuilder(SequencerApplication.class)
                .registerShutdownHook(false)
                .initializers(context -> context.getBeanFactory().registerSingleton("clock", clock))
                .run(args.toArray(String[]::new));
    }

    private long timersOf(String run) {
        return db.sql("SELECT count(*) AS n FROM timers WHERE contact_id LIKE :pattern")
                .bind("pattern", "pair-" + run + "-%")
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }

    private long firedCount(String run) {
        return db.sql("SELECT count(*) AS n FROM timers WHERE contact_id LIKE :pattern AND next_step = 2")
                .bind("pattern", "pair-" + run + "-%")
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }

    private List<StepDue> stepsFired(String contact) {
        return kafka.decoded(Topics.STEP_DUE, "b2bea:" + contact, StepDue.class);
    }

    private String journal(String enrollment) {
        return http().get()
                .uri("/api/v1/enrollments/{id}/journal", enrollment)
                .exchange()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    private WebTestClient.ResponseSpec simulate(String slug, Map<String, Object> request) {
        return http().post()
                .uri("/api/v1/campaigns/{slug}/simulate", slug)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request)
                .exchange();
    }

    private WebTestClient http() {
        return HttpClients.client(port);
    }

    /** What is asserted stays true for a while: the sequencer's rounds ran and changed nothing. */
    private static void stillHolds(ThrowingRunnable assertion) {
        await().during(Duration.ofMillis(600))
                .atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(150))
                .untilAsserted(assertion);
    }
}
