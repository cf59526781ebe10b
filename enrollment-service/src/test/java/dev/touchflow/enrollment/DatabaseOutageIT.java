package dev.touchflow.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.embedded.TcpProxy;
import dev.touchflow.platform.kafka.EventCodec;
import dev.touchflow.platform.kafka.EventHeaders;
import dev.touchflow.schemas.common.Contact;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.enroll.EnrollContact;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.testkit.HttpClients;
import dev.touchflow.testkit.KafkaProbe;
import dev.touchflow.testkit.ServiceUnderTest;
import dev.touchflow.testkit.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
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

    @Autowired
    EventCodec codec;

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

    /**
     * The enroll listener takes a poll's records in transactions of many events: with the database
     * gone, the whole poll is held (not dead-lettered), and when it is back each valid command
     * enrolls its contact once, while the undecodable record among them, and only it, is dead-lettered.
     */
    @Test
    void enrollCommandsHeldInABatchWhileTheDatabaseIsDownAreEachAppliedOnceAndOnlyTheUndecodableIsDeadLettered() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> contacts =
                IntStream.range(0, 60).mapToObj(i -> "batch-" + run + "-" + i).toList();
        String dlt = Topics.deadLetter(Topics.ENROLL, GROUP);
        kafka.createTopic(dlt);
        List<ProducerRecord<String, byte[]>> commands =
                contacts.stream().map(this::enroll).collect(Collectors.toCollection(ArrayList::new));
        ProducerRecord<String, byte[]> broken =
                new ProducerRecord<>(Topics.ENROLL, "b2bea:broken-" + run, "not avro".getBytes(StandardCharsets.UTF_8));
        broken.headers().add(EventHeaders.ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        commands.add(30, broken);

        database.cut();
        try {
            kafka.sendAll(commands);
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            meters.get("touchflow.consumer.waiting").gauge().value() >= 1);
            // held far longer than any retry budget, and nothing valid set aside meanwhile
            await().during(Duration.ofSeconds(6))
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> deadLettered(dlt, run).stream()
                            .allMatch(record -> broken.key().equals(record.key())));
        } finally {
            database.restore();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> enrolled(contacts).size() == contacts.size());
        assertThat(enrolled(contacts)).doesNotHaveDuplicates();
        List<ConsumerRecord<String, byte[]>> dead = await().atMost(Duration.ofSeconds(30))
                .until(() -> deadLettered(dlt, run), records -> !records.isEmpty());
        assertThat(dead).extracting(ConsumerRecord::key).containsExactly(broken.key());
    }

    private ProducerRecord<String, byte[]> enroll(String contact) {
        EventHeader header = EventHeader.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now())
                .setClientId("b2bea")
                .setContactId(contact)
                .setCorrelationId(UUID.randomUUID().toString())
                .setProducer("test")
                .build();
        EnrollContact command = EnrollContact.newBuilder()
                .setHeader(header)
                .setCampaignSlug("b2bea_membership")
                .setContact(Contact.newBuilder()
                        .setId(contact)
                        .setEmail(contact + "@acme.example")
                        .build())
                .setEnrolledBy("api")
                .build();
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(Topics.ENROLL, "b2bea:" + contact, codec.encode(Topics.ENROLL, command));
        record.headers().add(EventHeaders.ID, header.getEventId().getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private List<String> enrolled(List<String> contacts) {
        return db.sql("SELECT contact_id FROM campaign_contacts WHERE contact_id = ANY(:ids)")
                .bind("ids", contacts.toArray(String[]::new))
                .map(row -> row.get("contact_id", String.class))
                .all()
                .collectList()
                .onErrorReturn(List.of())
                .block(Duration.ofSeconds(10));
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
