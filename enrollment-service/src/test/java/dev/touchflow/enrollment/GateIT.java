package dev.touchflow.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.platform.kafka.EventHeaders;
import dev.touchflow.schemas.common.StepSpec;
import dev.touchflow.schemas.enrollment.Enrolled;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.testkit.HttpClients;
import dev.touchflow.testkit.KafkaProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Booked meetings at the gate: bad records are dead-lettered with the reason, good ones are routed into enrollments. */
class GateIT extends EnrollmentServiceIT {

    private final KafkaProbe kafka = KafkaProbe.onTestBroker();

    @Test
    void invalidMeetingsGoToTheDeadLetterTopicWithTheReasonAndTheConsumerGoesOn() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        // Given three records that can never become a gate request, then a good one
        kafka.sendText(Topics.MEETING_BOOKED, "b2bea:notjson-" + run, "not json at all");
        kafka.sendText(Topics.MEETING_BOOKED, "b2bea:noemail-" + run, """
                {"event_id": "%s", "client_id": "b2bea", "contact": {"id": "noemail-%s"}}""".formatted(UUID.randomUUID(), run));
        kafka.sendText(Topics.MEETING_BOOKED, "nobody:unknown-" + run, meeting("nobody", "unknown-" + run));
        String good = "good-" + run;
        kafka.sendText(Topics.MEETING_BOOKED, "b2bea:" + good, meeting("b2bea", good));

        // Then the good one becomes a pending gate request
        await().atMost(Duration.ofSeconds(30)).until(() -> pendingContacts().contains(good));

        // And each bad one is on the dead-letter topic, keyed as it came, with the reason and where it came from
        String dlt = Topics.deadLetter(Topics.MEETING_BOOKED, "enrollment-service");
        List<ConsumerRecord<String, byte[]>> dead = await().atMost(Duration.ofSeconds(30))
                .until(() -> kafka.readAll(dlt, record -> record.key().endsWith(run)), records -> records.size() == 3);
        assertThat(dead)
                .extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("b2bea:notjson-" + run, "b2bea:noemail-" + run, "nobody:unknown-" + run);
        assertThat(reasonFor(dead, "b2bea:notjson-" + run)).contains("meeting_booked is not JSON");
        assertThat(reasonFor(dead, "b2bea:noemail-" + run))
                .contains("meeting_booked lacks required field contact.email");
        assertThat(reasonFor(dead, "nobody:unknown-" + run)).contains("meeting_booked names unknown client_id nobody");
        ConsumerRecord<String, byte[]> first = dead.stream()
                .filter(r -> r.key().startsWith("b2bea:notjson"))
                .findFirst()
                .orElseThrow();
        assertThat(header(first, "kafka_dlt-original-topic")).isEqualTo(Topics.MEETING_BOOKED);
        assertThat(header(first, "kafka_dlt-exception-cause-fqcn"))
                .isEqualTo("dev.touchflow.platform.fault.InvalidEventException");
        assertThat(first.headers().lastHeader("kafka_dlt-original-offset")).isNotNull();
        assertThat(new String(first.value(), StandardCharsets.UTF_8)).isEqualTo("not json at all");
    }

    @Test
    void aBurstOfInvalidRecordsIsDeadLetteredWithoutRetriesAndDoesNotHoldUpTheValidOneBehindIt() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        // Given 300 records that can never be handoffs on one partition (one key), half of them with a list
        // where a string belongs, and a valid one behind them
        String key = "b2bea:burst-" + run;
        List<ProducerRecord<String, byte[]>> burst = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String value = i % 2 == 0
                    ? "not json " + i
                    : "{\"event_id\": [\"" + i + "\"], \"client_id\": \"b2bea\", \"contact\": {\"id\": \"x\"}}";
            burst.add(new ProducerRecord<>(Topics.MEETING_BOOKED, key, value.getBytes(StandardCharsets.UTF_8)));
        }
        String good = "after-burst-" + run;
        burst.add(new ProducerRecord<>(
                Topics.MEETING_BOOKED, key, meeting("b2bea", good).getBytes(StandardCharsets.UTF_8)));
        kafka.sendAll(burst);

        // Then each invalid one is dead-lettered once, and the valid one is a gate request; at the 0.6 s an
        // invalid record used to cost its partition, this would take three minutes
        String dlt = Topics.deadLetter(Topics.MEETING_BOOKED, "enrollment-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> pendingContacts().contains(good));
        assertThat(kafka.readAll(dlt, record -> key.equals(record.key()))).hasSize(300);
    }

    @Test
    void routingEnrollsTheContactWithTheScheduleOfTheCampaignVersion() {
        String contact = "routed-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.sendText(Topics.MEETING_BOOKED, "b2bea:" + contact, meeting("b2bea", contact));
        String gateId = await().atMost(Duration.ofSeconds(30)).until(() -> pendingIdOf(contact), id -> id != null);

        http().post()
                .uri("/api/v1/gate/{id}/route", gateId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "campaigns", List.of("b2bea_membership_close"), "goal", "pipeline", "notes", "Q3 budget"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.routed_campaigns[0]")
                .isEqualTo("b2bea_membership_close");

        // Then Enrolled carries the eight steps of the spec on their days, starting at step 1
        Enrolled enrolled = await().atMost(Duration.ofSeconds(30)).until(() -> enrolledFor(contact), e -> e != null);
        assertThat(enrolled.getCampaignVersion()).isEqualTo(1);
        assertThat(enrolled.getGoal()).isEqualTo("pipeline");
        assertThat(enrolled.getNotes()).isEqualTo("Q3 budget");
        assertThat(enrolled.getEnrolledBy()).isEqualTo("gate");
        assertThat(enrolled.getGracePeriodMinutes()).isEqualTo(3 * 24 * 60);
        assertThat(enrolled.getSteps()).extracting(StepSpec::getStepNumber).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(enrolled.getSteps())
                .extracting(step -> step.getDelayMinutes() / (24 * 60))
                .containsExactly(0L, 3L, 7L, 10L, 14L, 21L, 35L, 56L);
        assertThat(enrolled.getSteps())
                .extracting(StepSpec::getChannel)
                .containsExactly("email", "email", "email", "linkedin", "email", "email", "email", "email");
        assertThat(enrolled.getSteps().get(6).getRequiresPersonalSend()).isTrue();

        // And routing it again is a conflict that enrolls nobody twice
        http().post()
                .uri("/api/v1/gate/{id}/route", gateId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("campaigns", List.of("b2bea_membership_close")))
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aBadRoutingRequestIsAProblemNamingTheField() {
        String contact = "badroute-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.sendText(Topics.MEETING_BOOKED, "b2bea:" + contact, meeting("b2bea", contact));
        String gateId = await().atMost(Duration.ofSeconds(30)).until(() -> pendingIdOf(contact), id -> id != null);

        route(gateId, Map.of("campaigns", List.of()))
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("campaigns");
        route(gateId, Map.of("campaigns", List.of("b2bea_membership_close"), "goal", "money"))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("goal");
        route(gateId, Map.of("campaigns", List.of("no_such_campaign")))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("campaigns[0]")
                .jsonPath("$.detail")
                .isEqualTo("campaigns[0]: no campaign with slug no_such_campaign");
        route(gateId, Map.of("campaigns", List.of("b2bea_membership_close", "dreamborn")))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("campaigns[1]");
        http().post()
                .uri("/api/v1/gate/{id}/route", gateId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{not json")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        route(UUID.randomUUID().toString(), Map.of("campaigns", List.of("b2bea_membership_close")))
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);

        // Then nothing was routed by the bad requests
        assertThat(pendingIdOf(contact)).isEqualTo(gateId);
    }

    private WebTestClient.ResponseSpec route(String id, Map<String, ?> body) {
        return http().post()
                .uri("/api/v1/gate/{id}/route", id)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private Enrolled enrolledFor(String contact) {
        return kafka.decoded(Topics.ENROLLMENT, "b2bea:" + contact, EnrollmentEvent.class).stream()
                .map(EnrollmentEvent::getPayload)
                .filter(Enrolled.class::isInstance)
                .map(Enrolled.class::cast)
                .findFirst()
                .orElse(null);
    }

    @SuppressWarnings("unchecked")
    private List<String> pendingContacts() {
        return HttpClients.list(http(), "/api/v1/gate?status=pending&limit=500").stream()
                .map(item -> (String) ((Map<String, Object>) item.get("contact")).get("id"))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private String pendingIdOf(String contact) {
        return HttpClients.list(http(), "/api/v1/gate?status=pending&limit=500").stream()
                .filter(item -> contact.equals(((Map<String, Object>) item.get("contact")).get("id")))
                .map(item -> (String) item.get("id"))
                .findFirst()
                .orElse(null);
    }

    private static String reasonFor(List<ConsumerRecord<String, byte[]>> records, String key) {
        return records.stream()
                .filter(record -> key.equals(record.key()))
                .findFirst()
                .map(record -> header(record, "kafka_dlt-exception-message"))
                .orElseThrow();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return EventHeaders.read(record.headers(), name).orElse(null);
    }

    private static String meeting(String client, String contact) {
        return """
                {"event_id": "%s", "client_id": "%s",
                 "contact": {"id": "%s", "email": "%s@acme.example", "first_name": "Dana", "company": "Acme"},
                 "booked_by": "roles.bdr", "suggested_campaigns": ["b2bea_membership_close"]}
                """.formatted(UUID.randomUUID(), client, contact, contact);
    }
}
