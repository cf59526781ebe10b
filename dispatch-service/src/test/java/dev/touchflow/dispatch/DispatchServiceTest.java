package dev.touchflow.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.dispatch.channel.ChannelProvider;
import dev.touchflow.dispatch.channel.RefusedForGood;
import dev.touchflow.dispatch.mail.MailTransport;
import dev.touchflow.embedded.MailSink;
import dev.touchflow.embedded.SmtpFaultRelay;
import dev.touchflow.platform.approval.Approval;
import dev.touchflow.platform.approval.ApprovalKeys;
import dev.touchflow.platform.kafka.EventHeaders;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.dispatch.DispatchEvent;
import dev.touchflow.schemas.drafting.ApprovalEvent;
import dev.touchflow.schemas.drafting.DraftApproved;
import dev.touchflow.schemas.engagement.EngagementEvent;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.serde.AvroSingleObjectSerializer;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.testkit.HttpClients;
import dev.touchflow.testkit.KafkaProbe;
import dev.touchflow.testkit.MovableClock;
import dev.touchflow.testkit.MovableTime;
import dev.touchflow.testkit.ServiceUnderTest;
import dev.touchflow.testkit.TestApprovalKeys;
import dev.touchflow.testkit.TestIdentity;
import dev.touchflow.testkit.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.ByteBuffer;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * dispatch-service alone against a real SMTP server (GreenMail), reached through a relay that can
 * make it answer 4xx and 5xx or go away: an approval becomes one email, never two, and only when
 * every rule allows it. Each {@code *IT} beside it tests one part of that; they share this one
 * configuration, so they share one running service. The SMTP server and its relay live as long as
 * the test JVM.
 */
@SpringBootTest(
        classes = {DispatchApplication.class, MovableTime.class, DispatchServiceTest.SmsGateway.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            DispatchApplication.CONFIG_NAME,
            "touchflow.dispatch.poll-interval=100ms",
            "touchflow.dispatch.retry-backoff=200ms",
            "touchflow.dispatch.max-attempts=3",
            "touchflow.dispatch.stale-check-interval=300ms",
            "touchflow.dispatch.mailbox-usage-every=200ms",
            "touchflow.dispatch.provider-timeout=1s",
            "touchflow.dispatch.breaker.minimum-calls=2",
            "touchflow.dispatch.breaker.open-for=2s",
            "touchflow.dispatch.token-secret=test-secret-0123456789",
            "touchflow.dispatch.mailboxes.justin-b2bea.min-gap=0s",
            "touchflow.dispatch.mailboxes.justin-b2bea.jitter=0s",
            "touchflow.dispatch.mailboxes.limited.address=limited@b2bea.example",
            "touchflow.dispatch.mailboxes.limited.name=Limited",
            "touchflow.dispatch.mailboxes.limited.timezone=America/New_York",
            "touchflow.dispatch.mailboxes.limited.daily-limit=2",
            "touchflow.dispatch.campaigns.limited_campaign.pool[0]=limited",
            "touchflow.dispatch.mailboxes.first.address=first@b2bea.example",
            "touchflow.dispatch.mailboxes.second.address=second@b2bea.example",
            "touchflow.dispatch.campaigns.pooled_campaign.pool[0]=first",
            "touchflow.dispatch.campaigns.pooled_campaign.pool[1]=second",
            "touchflow.dispatch.campaigns.tracked_campaign.tracking=true",
            // mailboxes of their own for the tests that send many, so others' daily limits hold
            "touchflow.dispatch.mailboxes.breaker.address=breaker@b2bea.example",
            "touchflow.dispatch.campaigns.breaker_campaign.pool[0]=breaker",
            "touchflow.dispatch.mailboxes.lanes.address=lanes@b2bea.example",
            "touchflow.dispatch.campaigns.lanes_campaign.pool[0]=lanes"
        })
abstract class DispatchServiceTest {

    @Autowired
    MovableClock clock;

    static final MailSink smtp = MailSink.start(null, 0, 0);
    static final SmtpFaultRelay provider = SmtpFaultRelay.start(TestInfrastructure.freePort(), smtp.smtpPort());

    /** An SMS gateway stands in as a channel provider, recording what it was handed. */
    static final List<ChannelProvider.Message> smsGateway = new CopyOnWriteArrayList<>();

    static final CountDownLatch gatewayHangs = new CountDownLatch(1);

    @TestConfiguration
    static class SmsGateway {
        @Bean
        ChannelProvider sms() {
            return new ChannelProvider() {
                @Override
                public String channel() {
                    return "sms";
                }

                @Override
                public String send(Message message) {
                    if (message.to().startsWith("+1555")) {
                        throw new RefusedForGood("not a mobile number");
                    }
                    if (message.to().startsWith("+1999")) {
                        // a gateway that took the request and never answers
                        smsGateway.add(message);
                        try {
                            gatewayHangs.await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        throw new IllegalStateException("the gateway hung up");
                    }
                    smsGateway.add(message);
                    return "sms-" + smsGateway.size();
                }
            };
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    DatabaseClient db;

    @Autowired
    MailTransport transport;

    @Autowired
    MeterRegistry meters;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    final KafkaProbe kafka = KafkaProbe.onTestBroker();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceUnderTest.register(registry, "dispatch-service");
        registry.add("spring.mail.port", provider::port);
    }

    static String contact() {
        return "c-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String email(String contact) {
        return contact + "@acme.example";
    }

    WebTestClient http() {
        return HttpClients.client(port);
    }

    /** An operator of b2bea named justin. */
    WebTestClient justin() {
        return HttpClients.client(port, TestIdentity.token("justin", List.of("operator"), List.of("b2bea")));
    }

    /** Publishes an event of the contact's enrollment (Paused, Exited, Resumed) as enrollment-service would. */
    void sendEnrollmentEvent(String contact, Object payload) {
        EventHeader header = header(contact);
        kafka.send(record(
                Topics.ENROLLMENT,
                contact,
                header,
                EnrollmentEvent.newBuilder()
                        .setHeader(header)
                        .setPayload(payload)
                        .build()));
    }

    DraftApproved approval(String contact, String enrollmentId, int step, String channel, String campaign) {
        String to = "linkedin".equals(channel) ? "https://www.linkedin.com/in/" + contact : email(contact);
        return DraftApproved.newBuilder()
                .setDraftId(UUID.randomUUID().toString())
                .setEnrollmentId(enrollmentId)
                .setCampaignSlug(campaign)
                .setCampaignVersion(1)
                .setStepNumber(step)
                .setChannel(channel)
                .setToId(to)
                .setContactName("Dana Ruiz")
                .setSubject("Following up, Dana")
                .setBody("Hi Dana,\n\nas promised: https://b2bea.example/library")
                .setContentHash(Approval.contentHash(
                        "Following up, Dana", "Hi Dana,\n\nas promised: https://b2bea.example/library"))
                .setApprovedBy("justin")
                .setApprovedAt(clock.instant())
                .setRequiresPersonalSend(false)
                .build();
    }

    void send(DraftApproved approved) {
        String contact = approved.getToId().replaceAll("@.*|.*/in/", "");
        kafka.send(record(contact, approved, UUID.randomUUID().toString()));
    }

    EventHeader header(String contact) {
        return EventHeader.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(clock.instant())
                .setClientId("b2bea")
                .setContactId(contact)
                .setCorrelationId("corr-" + contact)
                .setCausationId(null)
                .setProducer("drafting-service")
                .build();
    }

    /** The approval as drafting-service publishes it: signed with the key dispatch-service trusts. */
    ProducerRecord<String, byte[]> record(String contact, DraftApproved approved, String eventId) {
        EventHeader header = header(contact);
        header.setEventId(eventId);
        sign(approved, header, TestApprovalKeys.privateKey(), TestApprovalKeys.KEY_ID);
        return record(
                Topics.APPROVED,
                contact,
                header,
                ApprovalEvent.newBuilder()
                        .setHeader(header)
                        .setPayload(approved)
                        .build());
    }

    static void sign(DraftApproved approved, EventHeader header, PrivateKey key, String keyId) {
        approved.setContentHash(Approval.contentHash(approved.getSubject(), approved.getBody()));
        approved.setSigningKeyId(keyId);
        approved.setSignature(
                ByteBuffer.wrap(ApprovalKeys.sign(Approval.of(approved, header, approved.getContentHash()), key)));
    }

    static ProducerRecord<String, byte[]> record(
            String topic, String contact, EventHeader header, SpecificRecord value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                topic, "b2bea:" + contact, new AvroSingleObjectSerializer().serialize(topic, value));
        EventHeaders.write(record.headers(), EventHeaders.ID, header.getEventId());
        return record;
    }

    /** The id of the contact's first send, once the approval is queued. */
    Object firstSendId(String contact) {
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> sendsOf(contact), sends -> !sends.isEmpty())
                .get(0)
                .get("id");
    }

    List<Map<?, ?>> sendsOf(String contact) {
        return HttpClients.list(http(), "/api/v1/sends?limit=500").stream()
                .filter(send -> contact.equals(send.get("contact_id")))
                .sorted(Comparator.comparing(send -> (Integer) send.get("step_number")))
                .<Map<?, ?>>map(send -> send)
                .toList();
    }

    List<Map<?, ?>> sendsWithStatus(String status) {
        return HttpClients.list(http(), "/api/v1/sends?limit=500&status=" + status).stream()
                .<Map<?, ?>>map(s -> s)
                .toList();
    }

    <T> List<T> events(String contact, Class<T> type) {
        return kafka.decoded(Topics.SENT, "b2bea:" + contact, DispatchEvent.class).stream()
                .map(DispatchEvent::getPayload)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    <T> List<T> engagement(String contact, Class<T> type) {
        return kafka.decoded(Topics.ENGAGEMENT, "b2bea:" + contact, EngagementEvent.class).stream()
                .map(EngagementEvent::getPayload)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    static String text(MimeMessage mail) throws Exception {
        return part(mail, "text/plain").replace("\r\n", "\n");
    }

    static String html(MimeMessage mail) throws Exception {
        return part(mail, "text/html");
    }

    static String part(MimeMessage mail, String type) throws Exception {
        MimeMultipart multipart = (MimeMultipart) mail.getContent();
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.isMimeType(type)) {
                return part.getContent().toString();
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    static String unsubscribeUrl(MimeMessage mail) throws Exception {
        return first(mail.getHeader("List-Unsubscribe")[0], "<(http[^>]+)>");
    }

    static String first(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as(regex + " in " + text).isTrue();
        return matcher.group(1);
    }

    long count(String table) {
        return db.sql("SELECT count(*) AS n FROM " + table)
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }
}
