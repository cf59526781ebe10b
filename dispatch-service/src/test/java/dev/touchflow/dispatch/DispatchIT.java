package dev.touchflow.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.embedded.MailSink;
import dev.touchflow.platform.kafka.EventHeaders;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.dispatch.DispatchEvent;
import dev.touchflow.schemas.dispatch.TouchSent;
import dev.touchflow.schemas.drafting.ApprovalEvent;
import dev.touchflow.schemas.drafting.DraftApproved;
import dev.touchflow.schemas.serde.AvroSingleObjectDeserializer;
import dev.touchflow.schemas.serde.AvroSingleObjectSerializer;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.testkit.KafkaProbe;
import dev.touchflow.testkit.ServiceUnderTest;
import dev.touchflow.testkit.TestInfrastructure;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** dispatch-service alone against a real SMTP server: an approval becomes one email, never two. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {DispatchApplication.CONFIG_NAME, "touchflow.dispatch.undo-window=0s",
                "touchflow.dispatch.poll-interval=100ms"})
class DispatchIT {

    static final MailSink smtp = MailSink.start(null, TestInfrastructure.freePort(), TestInfrastructure.freePort());

    @LocalServerPort
    int port;

    private final KafkaProbe kafka = new KafkaProbe(TestInfrastructure.get().bootstrapServers());

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceUnderTest.register(registry, "dispatch-service");
        registry.add("spring.mail.port", smtp::smtpPort);
    }

    @AfterAll
    static void stopSmtp() {
        smtp.greenMail().stop();
    }

    @Test
    void anApprovalDuplicatedOrRedeliveredSendsOneEmailWhoseMessageIdComesFromTheSend() throws Exception {
        String contact = "c-" + UUID.randomUUID().toString().substring(0, 8);
        String email = contact + "@acme.example";
        String enrollmentId = UUID.randomUUID().toString();
        DraftApproved approved = approval(enrollmentId, contact, email, "email");

        // Given the same approval redelivered (same event id) and published twice (a new event id)
        ProducerRecord<String, byte[]> record = record(contact, approved, UUID.randomUUID().toString());
        kafka.send(record);
        kafka.send(record);
        kafka.send(record(contact, approved, UUID.randomUUID().toString()));

        // Then exactly one email leaves, from the client's mailbox, as approved
        List<MimeMessage> inbox = await().atMost(Duration.ofSeconds(30))
                .until(() -> smtp.inboxOf(email), messages -> !messages.isEmpty());
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        inbox = smtp.inboxOf(email);
        assertThat(inbox).hasSize(1);
        assertThat(inbox.get(0).getSubject()).isEqualTo("Following up, Dana");
        assertThat(inbox.get(0).getFrom()[0].toString()).isEqualTo("Justin <justin@b2bea.example>");
        assertThat(inbox.get(0).getContent().toString().replace("\r\n", "\n")).isEqualTo("Hi Dana,\n\nas promised.");

        // And the Message-ID is derived from the send id, and TouchSent carries it
        Map<?, ?> send = sendsOf(contact).get(0);
        String messageId = inbox.get(0).getHeader("Message-ID")[0];
        assertThat(messageId).isEqualTo("<" + send.get("id") + "@touchflow.local>");
        assertThat(send.get("status")).isEqualTo("sent");
        List<TouchSent> sent = await().atMost(Duration.ofSeconds(30)).until(() -> touchSent(contact), list -> !list.isEmpty());
        assertThat(sent).singleElement().satisfies(touch -> {
            assertThat(touch.getMessageId()).isEqualTo(messageId);
            assertThat(touch.getToId()).isEqualTo(email);
            assertThat(touch.getEnrollmentId()).isEqualTo(enrollmentId);
        });
    }

    @Test
    void aLinkedInTouchBecomesATaskForAPersonAndNoEmail() {
        String contact = "li-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.send(record(contact, approval(UUID.randomUUID().toString(), contact, "https://www.linkedin.com/in/" + contact,
                "linkedin"), UUID.randomUUID().toString()));

        await().atMost(Duration.ofSeconds(30)).until(() -> !sendsOf(contact).isEmpty());
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> true);

        assertThat(sendsOf(contact)).singleElement().satisfies(send -> assertThat(send.get("status")).isEqualTo("task"));
        assertThat(smtp.inboxOf("https://www.linkedin.com/in/" + contact)).isEmpty();
    }

    @Test
    void anUndecodableApprovalIsDeadLetteredAndTheNextOneStillSends() {
        String contact = "bad-" + UUID.randomUUID().toString().substring(0, 8);
        ProducerRecord<String, byte[]> garbage = new ProducerRecord<>(Topics.APPROVED, "b2bea:" + contact, "garbage".getBytes());
        EventHeaders.write(garbage.headers(), EventHeaders.ID, UUID.randomUUID().toString());
        kafka.send(garbage);
        String email = contact + "@acme.example";
        kafka.send(record(contact, approval(UUID.randomUUID().toString(), contact, email, "email"), UUID.randomUUID().toString()));

        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.inboxOf(email).size() == 1);
        String dlt = Topics.deadLetter(Topics.APPROVED, "dispatch-service");
        var dead = await().atMost(Duration.ofSeconds(30))
                .until(() -> kafka.readAll(dlt, r -> ("b2bea:" + contact).equals(r.key())), records -> !records.isEmpty());
        assertThat(EventHeaders.read(dead.get(0).headers(), "kafka_dlt-exception-message").orElseThrow())
                .contains("undecodable record: not an Avro single-object record on touchflow.approved");
    }

    private List<TouchSent> touchSent(String contact) {
        AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();
        return kafka.readAll(Topics.SENT, r -> ("b2bea:" + contact).equals(r.key())).stream()
                .map(r -> ((DispatchEvent) avro.deserialize(Topics.SENT, r.value())).getPayload())
                .filter(TouchSent.class::isInstance).map(TouchSent.class::cast).toList();
    }

    private List<Map<?, ?>> sendsOf(String contact) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build()
                .get().uri("/api/v1/sends?limit=500").exchange().expectStatus().isOk()
                .expectBodyList(Map.class).returnResult().getResponseBody().stream()
                .filter(send -> contact.equals(send.get("contact_id"))).<Map<?, ?>>map(send -> send).toList();
    }

    private static DraftApproved approval(String enrollmentId, String contact, String to, String channel) {
        return DraftApproved.newBuilder().setDraftId(UUID.randomUUID().toString()).setEnrollmentId(enrollmentId)
                .setCampaignSlug("b2bea_membership_close").setCampaignVersion(1).setStepNumber(1).setChannel(channel)
                .setToId(to).setContactName("Dana Ruiz").setSubject("Following up, Dana").setBody("Hi Dana,\n\nas promised.")
                .setContentHash("h").setApprovedBy("justin").setApprovedAt(Instant.now()).setRequiresPersonalSend(false)
                .build();
    }

    private static ProducerRecord<String, byte[]> record(String contact, DraftApproved approved, String eventId) {
        EventHeader header = EventHeader.newBuilder().setEventId(eventId).setOccurredAt(Instant.now())
                .setClientId("b2bea").setContactId(contact).setCorrelationId("corr-" + contact).setCausationId(null)
                .setProducer("drafting-service").build();
        ApprovalEvent event = ApprovalEvent.newBuilder().setHeader(header).setPayload(approved).build();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.APPROVED, "b2bea:" + contact,
                new AvroSingleObjectSerializer().serialize(Topics.APPROVED, event));
        EventHeaders.write(record.headers(), EventHeaders.ID, eventId);
        return record;
    }
}
