package dev.touchflow.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.embedded.TcpProxy;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.testkit.HttpClients;
import dev.touchflow.testkit.KafkaProbe;
import dev.touchflow.testkit.ServiceUnderTest;
import dev.touchflow.testkit.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * enrollment-service with PostgreSQL gone for longer than any retry budget: the network to it is cut
 * (a proxy drops every connection and refuses new ones) while valid handoffs arrive. None of them is
 * dead-lettered; each becomes one gate request once the database is back. An invalid
 * record among them still goes to the dead-letter topic, and a person calling the API meanwhile gets a
 * 503 with Retry-After; readiness is out of service until the held records went through. Its own consumer group, so no other
 * context of the service takes its records, and closed after the class.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            EnrollmentApplication.CONFIG_NAME,
            "touchflow.enrollment.seed=classpath:seed/spec-campaigns.json",
            "touchflow.platform.consumer.max-backoff=1s",
            "spring.kafka.consumer.group-id=" + DatabaseOutageIT.GROUP
        })
class DatabaseOutageIT {

    static final String GROUP = "enrollment-outage";
    static final TcpProxy database = TcpProxy.start(
            0,
            TestInfrastructure.get().postgresAddress().getHostString(),
            TestInfrastructure.get().postgresAddress().getPort());

    @Autowired
    DatabaseClient db;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    private final KafkaProbe kafka = KafkaProbe.onTestBroker();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceUnderTest.register(registry, "enrollment-service", database);
    }

    @AfterAll
    static void stopProxy() {
        database.close();
    }

    @Test
    void handoffsArrivingWhileTheDatabaseIsDownAreEachAppliedOnceWhenItIsBackAndNoneIsDeadLettered() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> contacts =
                IntStream.range(0, 20).mapToObj(i -> "outage-" + run + "-" + i).toList();
        String dlt = Topics.deadLetter(Topics.MEETING_BOOKED, GROUP);
        kafka.createTopic(dlt);
        // The consumer is up and caught up before the cut: a first handoff is applied
        String first = "before-" + run;
        kafka.sendText(Topics.MEETING_BOOKED, "b2bea:" + first, meeting(first));
        await().atMost(Duration.ofSeconds(60)).until(() -> gateRequests(List.of(first)) == 1);

        database.cut();
        try {
            contacts.forEach(contact -> kafka.sendText(Topics.MEETING_BOOKED, "b2bea:" + contact, meeting(contact)));
            kafka.sendText(Topics.MEETING_BOOKED, "b2bea:broken-" + run, "{\"event_id\": [\"not\", \"a string\"]}");
            // Far longer than the old budget of three retries over 1.5 s: no valid record is dead-lettered
            // meanwhile (the invalid one needs no database to be found out)
            String broken = "b2bea:broken-" + run;
            await().during(Duration.ofSeconds(8))
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> deadLettered(dlt, run).stream().allMatch(record -> broken.equals(record.key())));
            // Readiness says the consumer is held up by a dependency, and the gauge counts the partition
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> HttpClients.client(port)
                            .get()
                            .uri("/actuator/health/readiness")
                            .exchange()
                            .expectStatus()
                            .isEqualTo(503)
                            .expectBody()
                            .jsonPath("$.components.consumers.status")
                            .isEqualTo("OUT_OF_SERVICE")
                            .jsonPath("$.components.r2dbc.status")
                            .isEqualTo("DOWN")
                            .jsonPath("$.components.kafka.status")
                            .isEqualTo("UP"));
            assertThat(meters.get("touchflow.consumer.waiting").gauge().value()).isGreaterThanOrEqualTo(1);
            // A person calling meanwhile is told to come back, not shown a server error
            HttpClients.client(port)
                    .get()
                    .uri("/api/v1/gate?status=pending")
                    .exchange()
                    .expectStatus()
                    .isEqualTo(503)
                    .expectHeader()
                    .valueEquals(HttpHeaders.RETRY_AFTER, "5")
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.type")
                    .isEqualTo("https://touchflow.dev/problems/unavailable");
        } finally {
            database.restore();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> gateRequests(contacts) == contacts.size());
        // and, once the held records went through, ready again
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> HttpClients.client(port)
                        .get()
                        .uri("/actuator/health/readiness")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .jsonPath("$.status")
                        .isEqualTo("UP"));
        assertThat(meters.get("touchflow.consumer.waiting").gauge().value()).isZero();
        assertThat(meters.get("touchflow.consumer.dependency.failures")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(1);
        List<ConsumerRecord<String, byte[]>> dead = await().atMost(Duration.ofSeconds(30))
                .until(() -> deadLettered(dlt, run), records -> !records.isEmpty());
        assertThat(dead).extracting(ConsumerRecord::key).containsExactly("b2bea:broken-" + run);
        // Once each
        assertThat(db.sql("SELECT contact_id FROM gate_requests WHERE contact_id = ANY(:ids)")
                        .bind("ids", contacts.toArray(String[]::new))
                        .map(row -> row.get("contact_id", String.class))
                        .all()
                        .collectList()
                        .block())
                .hasSize(contacts.size())
                .doesNotHaveDuplicates();
    }

    private long gateRequests(List<String> contacts) {
        return db.sql("SELECT count(*) AS n FROM gate_requests WHERE contact_id = ANY(:ids)")
                .bind("ids", contacts.toArray(String[]::new))
                .map(row -> row.get("n", Long.class))
                .one()
                .onErrorReturn(-1L)
                .block(Duration.ofSeconds(10));
    }

    private List<ConsumerRecord<String, byte[]>> deadLettered(String dlt, String run) {
        return kafka.readAll(dlt, record -> record.key() != null && record.key().contains(run));
    }

    private static String meeting(String contact) {
        return """
                {"event_id": "%s", "client_id": "b2bea",
                 "contact": {"id": "%s", "email": "%s@acme.example", "first_name": "Dana", "company": "Acme"},
                 "booked_by": "roles.bdr", "suggested_campaigns": ["b2bea_membership_close"]}
                """.formatted(UUID.randomUUID(), contact, contact);
    }
}
