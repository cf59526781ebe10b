package dev.touchflow.drafting;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.touchflow.drafting.llm.ChatCompletions;
import dev.touchflow.platform.kafka.EventHeaders;
import dev.touchflow.schemas.common.Contact;
import dev.touchflow.schemas.common.DraftingPolicy;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.common.StepSpec;
import dev.touchflow.schemas.drafting.ApprovalEvent;
import dev.touchflow.schemas.drafting.DraftApproved;
import dev.touchflow.schemas.drafting.DraftRequested;
import dev.touchflow.schemas.drafting.DraftStaged;
import dev.touchflow.schemas.sequencer.StepDue;
import dev.touchflow.schemas.serde.AvroSingleObjectSerializer;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.testkit.HttpClients;
import dev.touchflow.testkit.KafkaProbe;
import dev.touchflow.testkit.MovableClock;
import dev.touchflow.testkit.MovableTime;
import dev.touchflow.testkit.ServiceUnderTest;
import dev.touchflow.testkit.TestIdentity;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * drafting-service alone on the real broker and database, with an LLM stubbed by WireMock: every
 * way a draft is made, checked, decided on, and never approved twice or after its enrollment ended.
 * Each {@code *IT} beside it tests one part of that; they share this one configuration, so they share
 * one running service. The LLM stub lives as long as the test JVM.
 */
@SpringBootTest(
        classes = {DraftingApplication.class, MovableTime.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            DraftingApplication.CONFIG_NAME,
            "touchflow.drafting.worker-interval=100ms",
            "touchflow.drafting.llm.api-key=test-key",
            "touchflow.drafting.llm.model=gpt-test",
            "touchflow.drafting.llm.timeout=1s",
            "touchflow.drafting.llm.max-attempts=3",
            "touchflow.drafting.llm.backoff=50ms",
            "touchflow.drafting.llm.breaker.window=4",
            "touchflow.drafting.llm.breaker.open-for=1h",
            "touchflow.drafting.llm.client-daily-spend-cap.capped=0"
        })
abstract class DraftingServiceTest {

    @Autowired
    MovableClock clock;

    static final String APPROVER_TOKEN = TestIdentity.token("dana", List.of("approver"), List.of("*"));
    static final String AGENT_TOKEN = TestIdentity.token("ghostwriter", List.of("agent"), List.of("*"));
    static final WireMockServer llm = new WireMockServer(wireMockConfig().dynamicPort());

    static {
        llm.start();
    }

    @LocalServerPort
    int port;

    @Autowired
    DatabaseClient db;

    @Autowired
    ChatCompletions chat;

    @Autowired
    MeterRegistry meters;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    final KafkaProbe kafka = KafkaProbe.onTestBroker();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceUnderTest.register(registry, "drafting-service");
        registry.add("touchflow.drafting.llm.url", () -> llm.baseUrl() + "/v1");
    }

    static String campaign() {
        return "c_" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Contact contact(String firstName, String company) {
        String id = firstName.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        return Contact.newBuilder()
                .setId(id)
                .setEmail(id + "@example.com")
                .setFirstName(firstName)
                .setLastName("Ruiz")
                .setCompany(company)
                .setTitle("VP Marketing")
                .setLinkedinUrl("https://www.linkedin.com/in/" + id)
                .build();
    }

    static StepSpec email(int number, String subject, String body) {
        return StepSpec.newBuilder()
                .setStepNumber(number)
                .setDelayMinutes(0)
                .setChannel("email")
                .setContentType("follow_up")
                .setSubjectTemplate(subject)
                .setBodyTemplate(body)
                .setTemplateInstructions("Personal follow-up same day as meeting.")
                .setRequiresPersonalSend(false)
                .build();
    }

    static StepSpec proofStep() {
        return StepSpec.newBuilder()
                .setStepNumber(2)
                .setDelayMinutes(3 * 24 * 60)
                .setChannel("email")
                .setContentType("proof")
                .setSubjectTemplate("Proof for {{company}}")
                .setBodyTemplate("Hi {{first_name}}, a proof asset for {{company}} on {{goal}}.")
                .setTemplateInstructions("Goal-specific proof asset.")
                .setRequiresPersonalSend(false)
                .build();
    }

    StepDue stepDue(String campaign, Contact contact, StepSpec step, DraftingPolicy policy) {
        return stepDue(campaign, contact, UUID.randomUUID().toString(), step, policy);
    }

    StepDue stepDue(String campaign, Contact contact, String enrollmentId, StepSpec step, DraftingPolicy policy) {
        return StepDue.newBuilder()
                .setHeader(header(contact.getId()))
                .setEnrollmentId(enrollmentId)
                .setCampaignSlug(campaign)
                .setCampaignName("B2BEA membership close")
                .setCampaignVersion(1)
                .setTotalSteps(8)
                .setStep(step)
                .setContact(contact)
                .setGoal("pipeline")
                .setNotes("wants pipeline; has budget in Q3")
                .setDueAt(clock.instant())
                .setDrafting(policy)
                .build();
    }

    EventHeader header(String contactId) {
        return EventHeader.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(clock.instant())
                .setClientId("b2bea")
                .setContactId(contactId)
                .setCorrelationId("corr-" + contactId)
                .setCausationId(null)
                .setProducer("sequencer-service")
                .build();
    }

    void send(StepDue due) {
        kafka.send(record(Topics.STEP_DUE, due.getContact().getId(), due.getHeader(), due));
    }

    static ProducerRecord<String, byte[]> record(
            String topic, String contactId, EventHeader header, SpecificRecord value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                topic,
                header.getClientId() + ":" + contactId,
                new AvroSingleObjectSerializer().serialize(topic, value));
        EventHeaders.write(record.headers(), EventHeaders.ID, header.getEventId());
        return record;
    }

    WebTestClient approver() {
        return client(APPROVER_TOKEN);
    }

    WebTestClient client(String token) {
        return HttpClients.client(port, token);
    }

    Map<String, Object> draftOf(String campaign, Contact contact) {
        return draftOf(campaign, contact, null);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> draftOf(String campaign, Contact contact, Integer step) {
        return HttpClients.list(approver(), "/api/v1/drafts?campaign={campaign}&limit=500", campaign).stream()
                .filter(draft -> contact.getId().equals(draft.get("contact_id")))
                .filter(draft -> step == null || step.equals(draft.get("step_number")))
                .map(draft -> (Map<String, Object>) draft)
                .findFirst()
                .orElse(null);
    }

    static List<String> checks(Map<String, Object> draft) {
        return list(draft.get("checks")).stream()
                .map(check -> check.get("check") + ":" + check.get("passed"))
                .toList();
    }

    static Map<?, ?> inputs(Map<String, Object> draft) {
        return (Map<?, ?>) draft.get("inputs");
    }

    @SuppressWarnings("unchecked")
    static List<Map<?, ?>> list(Object value) {
        return (List<Map<?, ?>>) value;
    }

    List<DraftStaged> stagedEvents(String campaign) {
        return kafka.decoded(Topics.DRAFT_STAGED, r -> true, DraftStaged.class).stream()
                .filter(staged -> campaign.equals(staged.getCampaignSlug()))
                .toList();
    }

    List<DraftApproved> approvals(Contact contact) {
        return kafka
                .decoded(Topics.APPROVED, r -> r.key().endsWith(":" + contact.getId()), ApprovalEvent.class)
                .stream()
                .map(ApprovalEvent::getPayload)
                .filter(DraftApproved.class::isInstance)
                .map(DraftApproved.class::cast)
                .toList();
    }

    List<EventHeader> approvalHeaders(Contact contact) {
        return kafka
                .decoded(Topics.APPROVED, r -> r.key().endsWith(":" + contact.getId()), ApprovalEvent.class)
                .stream()
                .filter(event -> event.getPayload() instanceof DraftApproved)
                .map(ApprovalEvent::getHeader)
                .toList();
    }

    List<DraftRequested> requestsFor(Contact contact) {
        return kafka
                .decoded(Topics.DRAFT_REQUESTED, r -> r.key().endsWith(":" + contact.getId()), DraftRequested.class)
                .stream()
                .toList();
    }

    long count(String table) {
        return db.sql("SELECT count(*) AS n FROM " + table)
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }

    static String completion(String content) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-test\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":1200,\"completion_tokens\":300,\"total_tokens\":1500}}";
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
