package dev.touchflow.enrollment;

import dev.touchflow.platform.kafka.EventHeaders;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.enrollment.Enrolled;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.replies.ReplyClassified;
import dev.touchflow.schemas.serde.AvroSingleObjectSerializer;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.testkit.HttpClients;
import dev.touchflow.testkit.KafkaProbe;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Campaigns edited through the API, in versions; enrollments enrolled, paused, resumed, exited; triggers.
 * The {@code *IT}s beside it test one part each, with these helpers, on the one running service.
 */
abstract class CampaignApiTest extends EnrollmentServiceIT {

    final KafkaProbe kafka = KafkaProbe.onTestBroker();
    final String run = UUID.randomUUID().toString().substring(0, 6);

    @Autowired
    DatabaseClient db;

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> gate() {
        return HttpClients.list(http(), "/api/v1/gate?status=pending&limit=500").stream()
                .map(request -> (Map<String, Object>) request)
                .toList();
    }

    void reply(String contact, String enrollmentId, String label) {
        reply(contact, enrollmentId, label, event -> {});
    }

    void reply(String contact, String enrollmentId, String label, Consumer<ReplyClassified.Builder> details) {
        EventHeader header = EventHeader.newBuilder()
                .setEventId("reply-" + contact + "-" + label)
                .setOccurredAt(Instant.now())
                .setClientId("b2bea")
                .setContactId(contact)
                .setCorrelationId("corr-" + contact)
                .setCausationId(null)
                .setProducer("reply-classifier-service")
                .build();
        ReplyClassified.Builder classified = ReplyClassified.newBuilder()
                .setHeader(header)
                .setReplyId(UUID.randomUUID().toString())
                .setEnrollmentId(enrollmentId)
                .setInReplyTo(null)
                .setLabel(label)
                .setConfidence(0.97)
                .setReturnDate(null)
                .setReferralEmail(null)
                .setDecidedBy("rules")
                .setCorrectsEventId(null);
        details.accept(classified);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                Topics.REPLY_CLASSIFIED,
                "b2bea:" + contact,
                new AvroSingleObjectSerializer().serialize(Topics.REPLY_CLASSIFIED, classified.build()));
        EventHeaders.write(record.headers(), EventHeaders.ID, header.getEventId());
        kafka.send(record);
    }

    String status(String enrollmentId) {
        return String.valueOf(http().get()
                .uri("/api/v1/enrollments/" + enrollmentId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("status"));
    }

    String stageOf(String contact) {
        return db.sql("SELECT stage FROM contact_stages WHERE client_id = 'b2bea' AND contact_id = :contact")
                .bind("contact", contact)
                .map(row -> row.get("stage", String.class))
                .one()
                .block();
    }

    long sweep() {
        return ((Number) http().post()
                        .uri("/api/v1/triggers/sweep")
                        .exchange()
                        .expectBody(Map.class)
                        .returnResult()
                        .getResponseBody()
                        .get("enrollments_requested"))
                .longValue();
    }

    Enrolled enrolled(String contact, String slug) {
        return payloads(contact).stream()
                .filter(Enrolled.class::isInstance)
                .map(Enrolled.class::cast)
                .filter(e -> slug.equals(e.getCampaignSlug()))
                .findFirst()
                .orElse(null);
    }

    List<Object> payloads(String contact) {
        return kafka.decoded(Topics.ENROLLMENT, "b2bea:" + contact, EnrollmentEvent.class).stream()
                .map(EnrollmentEvent::getPayload)
                .toList();
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> refusals(String contact) {
        return HttpClients.list(http(), "/api/v1/refusals?client_id=b2bea&contact_id=" + contact).stream()
                .map(m -> (Map<String, Object>) m)
                .toList();
    }

    void enroll(String slug, String contact) {
        post("/api/v1/campaigns/" + slug + "/enroll", Map.of("contacts", List.of(contact(contact)), "goal", "pipeline"))
                .expectStatus()
                .isAccepted()
                .expectBody()
                .jsonPath("$.accepted")
                .isEqualTo(1);
    }

    WebTestClient.ResponseSpec act(String id, String action, String reason) {
        Map<String, Object> body = new HashMap<>();
        body.put("action", action);
        body.put("reason", reason);
        return http().put()
                .uri("/api/v1/enrollments/" + id)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    WebTestClient.ResponseSpec post(String uri, Object body) {
        return http().post()
                .uri(uri)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    static Map<String, Object> contact(String id) {
        return Map.of("id", id, "email", id + "@acme.example", "first_name", "Dana", "timezone", "America/New_York");
    }

    static Map<String, Object> campaign(
            String slug, Map<String, String> onExit, String trigger, Map<String, Object>... steps) {
        Map<String, Object> campaign = new HashMap<>(Map.of(
                "slug",
                slug,
                "name",
                "Campaign " + slug,
                "client_id",
                "b2bea",
                "type",
                "membership",
                "owner_role",
                "roles.sales",
                "on_exit",
                onExit,
                "grace_period_minutes",
                4320,
                "steps",
                List.of(steps)));
        if (trigger != null) {
            campaign.put("trigger_stage", trigger);
        }
        return campaign;
    }

    static Map<String, Object> step(int number, long days, String channel) {
        return Map.of(
                "step_number",
                number,
                "delay_minutes",
                days * 1440,
                "channel",
                channel,
                "content_type",
                "follow_up",
                "subject_template",
                "Hi {{first_name}}",
                "body_template",
                "Hello {{first_name}}");
    }

    static String stageChanged(String contact, String stage) {
        return """
                {"event_id": "%s", "client_id": "b2bea", "contact": {"id": "%s", "email": "%s@acme.example"},
                 "old_stage": "new", "new_stage": "%s"}""".formatted(UUID.randomUUID(), contact, contact, stage);
    }
}
