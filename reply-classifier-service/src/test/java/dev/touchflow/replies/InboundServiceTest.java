package dev.touchflow.replies;

import static org.awaitility.Awaitility.await;

import dev.touchflow.platform.kafka.EventHeaders;
import dev.touchflow.replies.webhook.WebhookSignatures;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.dispatch.DispatchEvent;
import dev.touchflow.schemas.dispatch.TouchSent;
import dev.touchflow.schemas.replies.ReplyClassified;
import dev.touchflow.schemas.serde.AvroSingleObjectSerializer;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.testkit.HttpClients;
import dev.touchflow.testkit.KafkaProbe;
import dev.touchflow.testkit.ServiceUnderTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The signed inbound webhook on the real broker and database: stored once, matched to its touch, or refused.
 * Each {@code *IT} beside it tests one part of that; they share this one configuration, so they share one
 * running service.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            ReplyClassifierApplication.CONFIG_NAME,
            "touchflow.replies.inbound.clients.b2bea.webhook-secret=b2bea-inbound-secret",
            "touchflow.replies.inbound.clients.dreamborn.webhook-secret=b2bea-inbound-secret",
            // every model guess goes to a person here, so the review path is exercised whatever the model says
            "touchflow.replies.review-threshold=1.01"
        })
abstract class InboundServiceTest {

    static final String SECRET = "b2bea-inbound-secret";

    @LocalServerPort
    int port;

    @Autowired
    DatabaseClient db;

    final KafkaProbe kafka = KafkaProbe.onTestBroker();
    final JsonMapper json = JsonMapper.builder().build();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceUnderTest.register(registry, "reply-classifier-service");
    }

    List<ReplyClassified> classified(String contact) {
        return kafka.decoded(Topics.REPLY_CLASSIFIED, "b2bea:" + contact, ReplyClassified.class);
    }

    /** A reply as the webhook takes it: sender, subject, date, body text and the headers it threads by. */
    byte[] reply(String from, String subject, String date, String text, Map<String, String> headers) {
        return json.writeValueAsBytes(
                Map.of("from", from, "subject", subject, "date", date, "text", text, "headers", headers));
    }

    String[] signed(byte[] body) {
        long now = Instant.now().getEpochSecond();
        return new String[] {String.valueOf(now), WebhookSignatures.sign(SECRET, "b2bea", now, body)};
    }

    WebTestClient.ResponseSpec post(byte[] body, String[] signature) {
        WebTestClient.RequestBodySpec request = http().post()
                .uri("/api/v1/inbound/email")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-Touchflow-Client", "b2bea");
        if (signature != null) {
            request =
                    request.header("X-Touchflow-Timestamp", signature[0]).header("X-Touchflow-Signature", signature[1]);
        }
        return request.bodyValue(body).exchange();
    }

    WebTestClient http() {
        return HttpClients.client(port);
    }

    List<Map<?, ?>> replies(String status) {
        return HttpClients.list(
                        http(),
                        status == null
                                ? "/api/v1/replies?limit=500"
                                : "/api/v1/replies?status=" + status + "&limit=500")
                .stream()
                .<Map<?, ?>>map(r -> r)
                .toList();
    }

    long count(String where) {
        return db.sql("SELECT count(*) AS n FROM received_messages WHERE " + where)
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }

    /** A touch dispatch sent to a new contact, once the sent-message index knows it. */
    record Touch(String contact, String messageId, UUID enrollment) {}

    Touch sentTouch() {
        Touch touch = new Touch(
                "c-" + UUID.randomUUID().toString().substring(0, 8),
                "<" + UUID.randomUUID() + "@touchflow.local>",
                UUID.randomUUID());
        sent(touch.contact(), touch.messageId(), touch.enrollment());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> http().get()
                                .uri("/api/v1/sent-messages?message_id={id}", touch.messageId())
                                .exchange()
                                .returnResult(String.class)
                                .getStatus()
                                .value()
                        == 200);
        return touch;
    }

    void sent(String contact, String messageId, UUID enrollment) {
        publishSent(contact, touchSent(contact, messageId, enrollment));
    }

    static TouchSent touchSent(String contact, String messageId, UUID enrollment) {
        return TouchSent.newBuilder()
                .setSendId(UUID.randomUUID().toString())
                .setDraftId(UUID.randomUUID().toString())
                .setEnrollmentId(enrollment.toString())
                .setCampaignSlug("b2bea_membership_close")
                .setStepNumber(2)
                .setChannel("email")
                .setMessageId(messageId)
                .setFromAddress("justin@b2bea.example")
                .setToId(contact + "@acme.example")
                .setSubject("An idea for Acme")
                .setSentAt(Instant.now())
                .build();
    }

    void publishSent(String contact, Object payload) {
        DispatchEvent event = dispatchEvent(contact, payload);
        EventHeader header = event.getHeader();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                Topics.SENT, "b2bea:" + contact, new AvroSingleObjectSerializer().serialize(Topics.SENT, event));
        EventHeaders.write(record.headers(), EventHeaders.ID, header.getEventId());
        kafka.send(record);
    }

    static DispatchEvent dispatchEvent(String contact, Object payload) {
        EventHeader header = EventHeader.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now())
                .setClientId("b2bea")
                .setContactId(contact)
                .setCorrelationId("corr-" + contact)
                .setCausationId(null)
                .setProducer("dispatch-service")
                .build();
        return DispatchEvent.newBuilder().setHeader(header).setPayload(payload).build();
    }
}
