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
import dev.touchflow.platform.config.AdjustableClock;
import dev.touchflow.platform.kafka.EventHeaders;
import dev.touchflow.platform.security.AccessWalk;
import dev.touchflow.platform.security.ScopeWalk;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.dispatch.DispatchEvent;
import dev.touchflow.schemas.dispatch.TouchCancelled;
import dev.touchflow.schemas.dispatch.TouchFailed;
import dev.touchflow.schemas.dispatch.TouchSent;
import dev.touchflow.schemas.drafting.ApprovalEvent;
import dev.touchflow.schemas.drafting.DraftApproved;
import dev.touchflow.schemas.engagement.Clicked;
import dev.touchflow.schemas.engagement.EngagementEvent;
import dev.touchflow.schemas.engagement.Opened;
import dev.touchflow.schemas.engagement.Unsubscribed;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.enrollment.Exited;
import dev.touchflow.schemas.enrollment.Paused;
import dev.touchflow.schemas.enrollment.Resumed;
import dev.touchflow.schemas.replies.ReplyClassified;
import dev.touchflow.schemas.serde.AvroSingleObjectDeserializer;
import dev.touchflow.schemas.serde.AvroSingleObjectSerializer;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.testkit.ConsumerLag;
import dev.touchflow.testkit.DatabaseFault;
import dev.touchflow.testkit.HttpClients;
import dev.touchflow.testkit.KafkaProbe;
import dev.touchflow.testkit.ServiceUnderTest;
import dev.touchflow.testkit.TestApprovalKeys;
import dev.touchflow.testkit.TestIdentity;
import dev.touchflow.testkit.TestInfrastructure;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.ByteBuffer;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * dispatch-service alone against a real SMTP server (GreenMail), reached through a relay that can
 * make it answer 4xx and 5xx or go away: an approval becomes one email, never two, and only when
 * every rule allows it.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            DispatchApplication.CONFIG_NAME,
            "touchflow.dispatch.poll-interval=100ms",
            "touchflow.dispatch.retry-backoff=200ms",
            "touchflow.dispatch.max-attempts=3",
            "touchflow.dispatch.stale-check-interval=300ms",
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
            "touchflow.dispatch.campaigns.tracked_campaign.tracking=true"
        })
class DispatchIT {

    static final AdjustableClock clock = new AdjustableClock(Instant.parse("2026-06-01T14:00:00Z"));
    static final MailSink smtp = MailSink.start(null, 0, 0);
    static final SmtpFaultRelay provider = SmtpFaultRelay.start(TestInfrastructure.freePort(), smtp.smtpPort());

    /** An SMS gateway stands in as a channel provider, recording what it was handed. */
    static final List<ChannelProvider.Message> smsGateway = new CopyOnWriteArrayList<>();

    static final CountDownLatch gatewayHangs = new CountDownLatch(1);

    @Test
    void everyEndpointHasARuleAndAnswersEachKindOfCallerByIt(@Autowired ApplicationContext context) {
        assertThat(AccessWalk.walk(context, port, 11)).isEmpty();
    }

    @Test
    void theSendingLoopBlocksOnAThreadOfItsOwnNotOnTheSharedScheduler() {
        assertThat(Thread.getAllStackTraces().keySet())
                .extracting(Thread::getName)
                .contains("dispatch-sending-1");
    }

    @TestConfiguration
    static class MovableTime {
        @Bean
        Clock clock() {
            return clock;
        }

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
    KafkaListenerEndpointRegistry listeners;

    private final KafkaProbe kafka = new KafkaProbe(TestInfrastructure.get().bootstrapServers());
    private final AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceUnderTest.register(registry, "dispatch-service");
        registry.add("spring.mail.port", provider::port);
    }

    @AfterAll
    static void stopSmtp() {
        provider.close();
        smtp.greenMail().stop();
    }

    @Test
    void anApprovalLeavesOnceAfterItsUndoWindowWithItsHeadersSignatureAndFooter() throws Exception {
        String contact = contact();
        DraftApproved approved = approval(contact, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close");

        // The same approval redelivered (same event id) and published twice (a new event id)
        ProducerRecord<String, byte[]> record =
                record(contact, approved, UUID.randomUUID().toString());
        kafka.send(record);
        kafka.send(record);
        kafka.send(record(contact, approved, UUID.randomUUID().toString()));
        await().atMost(Duration.ofSeconds(30)).until(() -> sendsOf(contact).size() == 1);

        // Nothing leaves within the undo window
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(smtp.inboxOf(email(contact))).isEmpty());
        clock.advance(Duration.ofSeconds(31));

        List<MimeMessage> inbox = await().atMost(Duration.ofSeconds(30))
                .until(() -> smtp.inboxOf(email(contact)), messages -> !messages.isEmpty());
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(smtp.inboxOf(email(contact))).hasSize(1));
        MimeMessage mail = inbox.get(0);
        Map<?, ?> send = sendsOf(contact).get(0);
        assertThat(mail.getSubject()).isEqualTo("Following up, Dana");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("Justin <justin@b2bea.example>");
        assertThat(mail.getHeader("Message-ID")[0]).isEqualTo("<" + send.get("id") + "@touchflow.local>");
        assertThat(mail.getHeader("In-Reply-To")).isNull();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> sendsOf(contact).get(0).get("provider_message_id") != null);
        assertThat(sendsOf(contact).get(0).get("provider_message_id").toString())
                .startsWith("250");
        assertThat(mail.getHeader("List-Unsubscribe")[0])
                .matches("<http://127\\.0\\.0\\.1:8084/u/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+>, "
                        + "<mailto:unsubscribe@touchflow\\.local\\?subject=unsubscribe%20[A-Za-z0-9_.-]+>");
        assertThat(mail.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(text(mail))
                .isEqualTo("Hi Dana,\n\nas promised: https://b2bea.example/library\n\n-- \nJustin\n"
                        + "B2B eCommerce Association\n\nB2B eCommerce Association, 100 Example Street, Austin, TX 78701, USA\n"
                        + "To stop receiving these emails: " + unsubscribeUrl(mail));
        assertThat(html(mail))
                .contains("<p>Hi Dana,</p>")
                .contains("<a href=\"https://b2bea.example/library\">https://b2bea.example/library</a>")
                .contains("Austin, TX 78701")
                .doesNotContain("/t/o/");

        TouchSent sent = await().atMost(Duration.ofSeconds(30))
                .until(() -> events(contact, TouchSent.class), list -> !list.isEmpty())
                .get(0);
        assertThat(sent.getMessageId()).isEqualTo(mail.getHeader("Message-ID")[0]);
        assertThat(sent.getFromAddress()).isEqualTo("justin@b2bea.example");
    }

    @Test
    void anApprovalDraftingServiceDidNotSignForExactlyThisContentSendsNothingAndIsRefusedVisibly() {
        // A well-formed DraftApproved written straight to the topic: unsigned, signed by a key nobody trusts,
        // signed and then given another body (its hash recomputed to match), signed and then sent elsewhere
        String unsigned = contact();
        String forged = contact();
        String altered = contact();
        String redirected = contact();
        EventHeader unsignedHeader = header(unsigned);
        kafka.send(record(
                Topics.APPROVED,
                unsigned,
                unsignedHeader,
                ApprovalEvent.newBuilder()
                        .setHeader(unsignedHeader)
                        .setPayload(
                                approval(unsigned, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close"))
                        .build()));
        EventHeader forgedHeader = header(forged);
        DraftApproved forgery = approval(forged, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close");
        sign(forgery, forgedHeader, TestApprovalKeys.untrusted().getPrivate(), TestApprovalKeys.KEY_ID);
        kafka.send(record(
                Topics.APPROVED,
                forged,
                forgedHeader,
                ApprovalEvent.newBuilder()
                        .setHeader(forgedHeader)
                        .setPayload(forgery)
                        .build()));
        EventHeader alteredHeader = header(altered);
        DraftApproved changed = approval(altered, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close");
        sign(changed, alteredHeader, TestApprovalKeys.privateKey(), TestApprovalKeys.KEY_ID);
        changed.setBody("Hi Dana,\n\nplease wire the fee to the account below.");
        changed.setContentHash(Approval.contentHash(changed.getSubject(), changed.getBody()));
        kafka.send(record(
                Topics.APPROVED,
                altered,
                alteredHeader,
                ApprovalEvent.newBuilder()
                        .setHeader(alteredHeader)
                        .setPayload(changed)
                        .build()));
        EventHeader redirectedHeader = header(redirected);
        DraftApproved elsewhere =
                approval(redirected, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close");
        sign(elsewhere, redirectedHeader, TestApprovalKeys.privateKey(), TestApprovalKeys.KEY_ID);
        elsewhere.setToId("mallory@evil.example");
        kafka.send(record(
                Topics.APPROVED,
                redirected,
                redirectedHeader,
                ApprovalEvent.newBuilder()
                        .setHeader(redirectedHeader)
                        .setPayload(elsewhere)
                        .build()));
        // And a signed approval after them, which goes out as usual
        String good = contact();
        send(approval(good, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close"));
        await().atMost(Duration.ofSeconds(30)).until(() -> sendsOf(good), l -> !l.isEmpty());
        clock.advance(Duration.ofSeconds(31));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> smtp.inboxOf(email(good)).size() == 1);

        // Then none of the four is queued or sent; each is listed as refused with its reason, and published
        List<Map<String, Object>> refused = http().get()
                .uri("/api/v1/sends?status=refused&limit=500")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBodyList(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody();
        Map<String, String> reasons = new HashMap<>();
        refused.forEach(send -> reasons.put((String) send.get("contact_id"), (String) send.get("last_error")));
        assertThat(reasons.get(unsigned)).isEqualTo("approval refused: the approval is not signed");
        assertThat(reasons.get(forged))
                .isEqualTo("approval refused: the approval's signature does not match its content");
        assertThat(reasons.get(altered))
                .isEqualTo("approval refused: the approval's signature does not match its content");
        assertThat(reasons.get(redirected))
                .isEqualTo("approval refused: the approval's signature does not match its content");
        assertThat(refused)
                .filteredOn(send -> redirected.equals(send.get("contact_id")))
                .singleElement()
                .satisfies(send -> assertThat(send.get("to_id")).isEqualTo("mallory@evil.example"));
        for (String contact : List.of(unsigned, forged, altered, redirected)) {
            assertThat(sendsOf(contact)).isEmpty();
            assertThat(smtp.inboxOf(email(contact))).isEmpty();
            assertThat(await().atMost(Duration.ofSeconds(30))
                            .until(() -> events(contact, TouchFailed.class), l -> !l.isEmpty()))
                    .singleElement()
                    .satisfies(failed -> {
                        assertThat(failed.getReason()).startsWith("approval refused: ");
                        assertThat(failed.getPermanent()).isTrue();
                    });
        }
        assertThat(smtp.inboxOf("mallory@evil.example")).isEmpty();
        // A viewer of another client sees none of them
        assertThat(HttpClients.client(port, TestIdentity.token("vic", List.of("viewer"), List.of("dreamborn")))
                        .get()
                        .uri("/api/v1/sends?status=refused&limit=500")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBodyList(Map.class)
                        .returnResult()
                        .getResponseBody())
                .isEmpty();
    }

    @Test
    void aQueuedSendWhoseContentIsChangedAfterTheApprovalIsRefusedRightBeforeSending() {
        String contact = contact();
        send(approval(contact, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close"));
        Object id = await().atMost(Duration.ofSeconds(30))
                .until(() -> sendsOf(contact), l -> !l.isEmpty())
                .get(0)
                .get("id");
        // Someone with access to dispatch's database changes the text a person approved
        db.sql("UPDATE sales_send_queue SET body = 'Hi Dana, please wire the fee.' WHERE id = :id")
                .bind("id", UUID.fromString(id.toString()))
                .then()
                .block();
        clock.advance(Duration.ofSeconds(31));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> "refused".equals(sendsOf(contact).get(0).get("status")));
        assertThat(sendsOf(contact).get(0).get("last_error"))
                .isEqualTo("approval refused before sending: the approval's signature does not match its content");
        assertThat(smtp.inboxOf(email(contact))).isEmpty();
        assertThat(await().atMost(Duration.ofSeconds(30))
                        .until(() -> events(contact, TouchFailed.class), l -> !l.isEmpty()))
                .singleElement()
                .satisfies(failed -> assertThat(failed.getReason()).startsWith("approval refused before sending"));
    }

    @Test
    void everySendAndTaskOfOneClientIsNotFoundForAnotherClientsCallers(@Autowired ApplicationContext context) {
        // Given b2bea's email waiting out its undo window and b2bea's LinkedIn task
        String mailed = contact();
        String tasked = contact();
        send(approval(mailed, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close"));
        send(approval(tasked, UUID.randomUUID().toString(), 4, "linkedin", "b2bea_membership_close"));
        Object sendId = await().atMost(Duration.ofSeconds(30))
                .until(() -> sendsOf(mailed), l -> !l.isEmpty())
                .get(0)
                .get("id");
        Object taskId = await().atMost(Duration.ofSeconds(30))
                .until(() -> sendsOf(tasked), l -> !l.isEmpty())
                .get(0)
                .get("id");

        // Then another client's operators and viewers find neither, and cancel, retry or complete nothing
        assertThat(ScopeWalk.walk(
                        context,
                        port,
                        ScopeWalk.Owned.by("b2bea")
                                .object("/api/v1/sends/{id}", sendId.toString())
                                .object("/api/v1/tasks/{id}", taskId.toString())
                                .body(HttpMethod.POST, "/api/v1/sends/{id}/cancel", Map.of("reason", "walk"))
                                .body(
                                        HttpMethod.POST,
                                        "/api/v1/sends/{id}/retry",
                                        Map.of("acknowledge_possible_duplicate", true))
                                .listed("/api/v1/sends", "limit=500")
                                .listed("/api/v1/tasks", "limit=500")
                                .listed("/api/v1/suppressions", "client=b2bea")
                                .listed("/api/v1/audit", "subject_id=" + sendId)))
                .isEmpty();
        assertThat(sendsOf(mailed).get(0).get("status")).isIn("pending", "sending", "sent");
        assertThat(sendsOf(tasked).get(0).get("status")).isEqualTo("task");
    }

    @Test
    void aSendCancelledWithinItsUndoWindowNeverLeavesAndAfterTheWindowACancelIsAConflict() {
        String kept = contact();
        String cancelled = contact();
        send(approval(cancelled, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close"));
        send(approval(kept, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close"));
        Object cancelledId = await().atMost(Duration.ofSeconds(30))
                .until(() -> sendsOf(cancelled), l -> !l.isEmpty())
                .get(0)
                .get("id");
        Object keptId = await().atMost(Duration.ofSeconds(30))
                .until(() -> sendsOf(kept), l -> !l.isEmpty())
                .get(0)
                .get("id");

        // An operator of another client can neither see nor cancel b2bea's sends: they are not there for them
        WebTestClient dora =
                HttpClients.client(port, TestIdentity.token("dora", List.of("operator"), List.of("dreamborn")));
        dora.get()
                .uri("/api/v1/sends/{id}", keptId)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        dora.post()
                .uri("/api/v1/sends/{id}/cancel", keptId)
                .exchange()
                .expectStatus()
                .isNotFound();
        assertThat(dora.get()
                        .uri("/api/v1/sends?limit=500")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBodyList(Map.class)
                        .returnResult()
                        .getResponseBody())
                .noneSatisfy(send -> assertThat(send.get("client_id")).isEqualTo("b2bea"));
        justin().post()
                .uri("/api/v1/sends/{id}/cancel", cancelledId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("by", "someone-else", "reason", "wrong attachment"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("cancelled");
        clock.advance(Duration.ofSeconds(31));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> smtp.inboxOf(email(kept)).size() == 1);
        http().post()
                .uri("/api/v1/sends/{id}/cancel", keptId)
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(smtp.inboxOf(email(cancelled))).isEmpty();
        assertThat(events(cancelled, TouchCancelled.class))
                .singleElement()
                .satisfies(event -> assertThat(event.getReason()).isEqualTo("cancelled by justin: wrong attachment"));
        justin().get()
                .uri("/api/v1/audit?subject_type=send&subject_id={id}", cancelledId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].actor")
                .isEqualTo("justin")
                .jsonPath("$[0].action")
                .isEqualTo("send.cancelled");
    }

    @Test
    void laterStepsOfAnEnrollmentContinueItsThreadUntilAStepAsksForANewOne() throws Exception {
        String contact = contact();
        String enrollment = UUID.randomUUID().toString();
        List<MimeMessage> mails = new ArrayList<>();
        for (int step = 1; step <= 4; step++) {
            DraftApproved approved = approval(contact, enrollment, step, "email", "b2bea_membership_close");
            approved.setNewThread(step == 3);
            send(approved);
            int expected = step;
            await().atMost(Duration.ofSeconds(30)).until(() -> sendsOf(contact).size() == expected);
            clock.advance(Duration.ofSeconds(31));
            mails.add(await().atMost(Duration.ofSeconds(30))
                    .until(() -> smtp.inboxOf(email(contact)), messages -> messages.size() == expected)
                    .get(step - 1));
        }
        List<String> ids = new ArrayList<>();
        for (MimeMessage mail : mails) {
            ids.add(mail.getHeader("Message-ID")[0]);
        }
        assertThat(mails.get(0).getHeader("In-Reply-To")).isNull();
        assertThat(mails.get(1).getHeader("In-Reply-To")[0]).isEqualTo(ids.get(0));
        assertThat(mails.get(1).getHeader("References")[0]).isEqualTo(ids.get(0));
        assertThat(mails.get(2).getHeader("In-Reply-To"))
                .as("step 3 starts a new thread")
                .isNull();
        assertThat(mails.get(2).getHeader("References")).isNull();
        assertThat(mails.get(3).getHeader("In-Reply-To")[0]).isEqualTo(ids.get(2));
        assertThat(mails.get(3).getHeader("References")[0]).isEqualTo(ids.get(2));

        // Within one thread, References carries every earlier message, oldest first
        String other = contact();
        String otherEnrollment = UUID.randomUUID().toString();
        for (int step = 1; step <= 3; step++) {
            send(approval(other, otherEnrollment, step, "email", "b2bea_membership_close"));
            int expected = step;
            await().atMost(Duration.ofSeconds(30)).until(() -> sendsOf(other).size() == expected);
            clock.advance(Duration.ofSeconds(31));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> smtp.inboxOf(email(other)).size() == expected);
        }
        List<MimeMessage> thread = smtp.inboxOf(email(other));
        assertThat(thread.get(2).getHeader("References")[0])
                .isEqualTo(thread.get(0).getHeader("Message-ID")[0] + " "
                        + thread.get(1).getHeader("Message-ID")[0]);
    }

    @Test
    void overItsDailyLimitAMailboxSendsTheRestAtTheNextDaysWindowAndDropsNothing() throws Exception {
        clock.set(Instant.parse("2026-06-03T15:00:00Z"));
        List<String> contacts = List.of(contact(), contact(), contact());
        contacts.forEach(
                contact -> send(approval(contact, UUID.randomUUID().toString(), 1, "email", "limited_campaign")));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> contacts.stream().allMatch(c -> sendsOf(c).size() == 1));
        clock.advance(Duration.ofSeconds(31));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> contacts.stream()
                                .filter(c -> smtp.inboxOf(email(c)).size() == 1)
                                .count()
                        == 2);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> contacts.stream()
                        .map(this::sendsOf)
                        .anyMatch(sends ->
                                String.valueOf(sends.get(0).get("last_error")).contains("daily limit of 2")));
        Map<?, ?> waiting = contacts.stream()
                .map(c -> sendsOf(c).get(0))
                .filter(s -> "pending".equals(s.get("status")))
                .findFirst()
                .orElseThrow();
        // 08:00 in New York on the next day
        assertThat(waiting.get("not_before")).isEqualTo("2026-06-04T12:00:00Z");
        assertThat(waiting.get("mailbox")).isEqualTo("limited");

        clock.set(Instant.parse("2026-06-04T12:00:00Z"));
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        contacts.stream().allMatch(c -> smtp.inboxOf(email(c)).size() == 1));
        assertThat(smtp.inboxOf(email(contacts.get(0))).get(0).getHeader("From")[0])
                .contains("limited@b2bea.example");
    }

    @Test
    void newContactsRotateThroughThePoolAndEachKeepsTheMailboxOfTheirFirstTouch() throws Exception {
        List<String> contacts = List.of(contact(), contact(), contact(), contact());
        List<String> enrollments =
                contacts.stream().map(c -> UUID.randomUUID().toString()).toList();
        for (int i = 0; i < contacts.size(); i++) {
            send(approval(contacts.get(i), enrollments.get(i), 1, "email", "pooled_campaign"));
            int queued = i;
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> sendsOf(contacts.get(queued)).size() == 1);
            clock.advance(Duration.ofSeconds(31));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> smtp.inboxOf(email(contacts.get(queued))).size() == 1);
        }
        List<String> first = new ArrayList<>();
        for (String contact : contacts) {
            first.add(smtp.inboxOf(email(contact)).get(0).getFrom()[0].toString());
        }
        assertThat(first)
                .containsExactly(
                        "first@b2bea.example", "second@b2bea.example", "first@b2bea.example", "second@b2bea.example");

        // A later step of the second contact leaves from their mailbox, whatever the pool's counts say
        send(approval(contacts.get(1), enrollments.get(1), 2, "email", "pooled_campaign"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> sendsOf(contacts.get(1)).size() == 2);
        clock.advance(Duration.ofSeconds(31));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> smtp.inboxOf(email(contacts.get(1))).size() == 2);
        assertThat(smtp.inboxOf(email(contacts.get(1))).get(1).getFrom()[0].toString())
                .isEqualTo("second@b2bea.example");
        http().get()
                .uri("/api/v1/suppressions?client=b2bea&limit=500")
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void aTemporaryFailureIsRetriedAPermanentOneFailsAndTheLastAttemptIsDeadUntilRetried() {
        String flaky = contact();
        String unknown = contact();
        String hopeless = contact();
        provider.failTemporarily(email(flaky), 1);
        provider.failPermanently(email(unknown));
        provider.failTemporarily(email(hopeless), 3);
        for (String contact : List.of(flaky, unknown, hopeless)) {
            send(approval(contact, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> sendsOf(hopeless).size() == 1);
        // Each retry waits for its backoff on the test's clock (and for the breaker, should the 451s open it)
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    clock.advance(Duration.ofSeconds(31));
                    return "dead".equals(sendsOf(hopeless).get(0).get("status"))
                            && "sent".equals(sendsOf(flaky).get(0).get("status"));
                });

        Map<?, ?> retried = sendsOf(flaky).get(0);
        assertThat(retried.get("status")).isEqualTo("sent");
        assertThat(retried.get("attempts")).isEqualTo(2);
        assertThat(smtp.inboxOf(email(flaky))).hasSize(1);

        Map<?, ?> failed = sendsOf(unknown).get(0);
        assertThat(failed.get("status")).isEqualTo("failed");
        assertThat(failed.get("last_error").toString()).startsWith("SMTP 550");
        assertThat(events(unknown, TouchFailed.class))
                .singleElement()
                .satisfies(e -> assertThat(e.getPermanent()).isTrue());

        Map<?, ?> dead = sendsOf(hopeless).get(0);
        assertThat(dead.get("attempts")).isEqualTo(3);
        assertThat(dead.get("last_error").toString())
                .startsWith("gave up after 3 attempts")
                .contains("451");
        http().get()
                .uri("/api/v1/sends?status=dead&limit=500")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.id == '" + dead.get("id") + "')]")
                .exists();
        http().post()
                .uri("/api/v1/sends/{id}/retry", dead.get("id"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("pending");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> smtp.inboxOf(email(hopeless)).size() == 1);
        http().post()
                .uri("/api/v1/sends/{id}/retry", dead.get("id"))
                .exchange()
                .expectStatus()
                .isEqualTo(409);
    }

    @Test
    void recipientsTheServerDefersWaitAloneAndNeverHoldTheQueue() {
        // Greylisting: the server is up and answers 451 to these recipients, once each. Under the old rule
        // four such answers opened the breaker and held every other send for its open time.
        List<String> greylisted = List.of(contact(), contact(), contact(), contact());
        greylisted.forEach(contact -> provider.failTemporarily(email(contact), 1));
        greylisted.forEach(
                contact -> send(approval(contact, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close")));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> greylisted.stream().allMatch(c -> sendsOf(c).size() == 1));
        clock.advance(Duration.ofSeconds(31));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> greylisted.stream()
                        .allMatch(
                                c -> Integer.valueOf(1).equals(sendsOf(c).get(0).get("attempts"))));
        assertThat(greylisted.stream().map(c -> (Object) sendsOf(c).get(0).get("status")))
                .containsOnly("pending");
        assertThat(sendsOf(greylisted.get(0)).get(0).get("last_error").toString())
                .startsWith("RecipientDeferred: SMTP 451");
        assertThat(transport.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);

        // the next approval leaves at once, and the deferred ones after their backoff, once each
        String witness = contact();
        send(approval(witness, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close"));
        await().atMost(Duration.ofSeconds(30)).until(() -> sendsOf(witness).size() == 1);
        clock.advance(Duration.ofSeconds(31));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> smtp.inboxOf(email(witness)).size() == 1);
        assertThat(transport.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            clock.advance(Duration.ofSeconds(31));
            return greylisted.stream().allMatch(c -> smtp.inboxOf(email(c)).size() == 1);
        });
        assertThat(greylisted.stream().map(c -> (Object) sendsOf(c).get(0).get("attempts")))
                .containsOnly(2);
    }

    @Test
    void anOpenBreakerHoldsTheQueueWhileTheServerIsDownAndSendingResumesWhenItIsBack() {
        List<String> contacts = List.of(contact(), contact(), contact());
        provider.down();
        try {
            contacts.forEach(contact ->
                    send(approval(contact, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close")));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> contacts.stream().allMatch(c -> sendsOf(c).size() == 1));
            clock.advance(Duration.ofSeconds(31));

            await().atMost(Duration.ofSeconds(30)).until(() -> transport.breakerState() == CircuitBreaker.State.OPEN);
            int attempts = contacts.stream()
                    .mapToInt(c -> (Integer) sendsOf(c).get(0).get("attempts"))
                    .sum();
            assertThat(attempts).isBetween(1, 2);
            clock.advance(Duration.ofSeconds(31));
            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
                assertThat(contacts.stream()
                                .mapToInt(c -> (Integer) sendsOf(c).get(0).get("attempts"))
                                .sum())
                        .as("no attempt while the breaker is open")
                        .isEqualTo(attempts);
                assertThat(contacts.stream().map(c -> (Object) sendsOf(c).get(0).get("status")))
                        .containsOnly("pending");
            });
        } finally {
            provider.up();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            clock.advance(Duration.ofSeconds(31));
            return contacts.stream().allMatch(c -> smtp.inboxOf(email(c)).size() == 1);
        });
        assertThat(transport.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aSendInterruptedBetweenSendingAndSentBecomesUnknownAndIsNeverResentByItself() {
        String contact = contact();
        send(approval(contact, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close"));
        Object id = await().atMost(Duration.ofSeconds(30))
                .until(() -> sendsOf(contact), l -> !l.isEmpty())
                .get(0)
                .get("id");
        // The state a crash leaves: marked sending and committed, the outcome never recorded
        db.sql("UPDATE sales_send_queue SET status = 'sending', attempts = 1, claimed_at = :at WHERE id = :id")
                .bind("at", clock.instant().minus(Duration.ofMinutes(6)))
                .bind("id", UUID.fromString(id.toString()))
                .then()
                .block();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> "unknown".equals(sendsOf(contact).get(0).get("status")));
        // announced as a touch that may have left, so a reply to it is still an answer to it
        TouchFailed announced = await().atMost(Duration.ofSeconds(30))
                .until(() -> events(contact, TouchFailed.class), list -> !list.isEmpty())
                .get(0);
        assertThat(announced.getMayHaveLeft()).isTrue();
        assertThat(announced.getPermanent()).isFalse();
        assertThat(announced.getSendId()).isEqualTo(id.toString());
        assertThat(announced.getAt())
                .isEqualTo(clock.instant().minus(Duration.ofMinutes(6)).truncatedTo(ChronoUnit.MILLIS));
        clock.advance(Duration.ofSeconds(31));
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(smtp.inboxOf(email(contact))).isEmpty());

        // A retry that does not acknowledge a possible second delivery is refused; the operator decides to send it
        // after all
        http().post()
                .uri("/api/v1/sends/{id}/retry", id)
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(sendsOf(contact).get(0).get("status")).isEqualTo("unknown");
        http().post()
                .uri("/api/v1/sends/{id}/retry", id)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("acknowledge_possible_duplicate", true))
                .exchange()
                .expectStatus()
                .isOk();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> smtp.inboxOf(email(contact)).size() == 1);
    }

    @Test
    void aSendTheServerTookWhileTheDatabaseCouldNotRecordItIsRecordedSentAndNeverSentAgain() {
        String contact = contact();
        String witness = contact();
        // The database refuses the first three attempts to record this send as sent, as if briefly down
        try (DatabaseFault fault = DatabaseFault.on(
                db,
                "sales_send_queue",
                "UPDATE",
                "NEW.status = 'sent' AND NEW.to_id = '" + email(contact) + "'",
                "57P03",
                "the database is starting up",
                3)) {
            send(approval(contact, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close"));
            await().atMost(Duration.ofSeconds(30)).until(() -> sendsOf(contact).size() == 1);
            clock.advance(Duration.ofSeconds(31));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> "sent".equals(sendsOf(contact).get(0).get("status")));
            assertThat(fault.hits()).isEqualTo(4);
        }
        // Later rounds (a witness sent after it proves they ran) send nothing again
        send(approval(witness, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close"));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            clock.advance(Duration.ofSeconds(31));
            return smtp.inboxOf(email(witness)).size() == 1;
        });
        assertThat(smtp.inboxOf(email(contact))).hasSize(1);
        assertThat(sendsOf(contact).get(0).get("attempts")).isEqualTo(1);
        assertThat(events(contact, TouchSent.class)).hasSize(1);
    }

    @Test
    void aConnectionCutAfterTheContentWentOutLeavesTheSendUnknownAndItIsNeverResentByItself() {
        String contact = contact();
        String witness = contact();
        provider.cutAfterData(email(contact));
        send(approval(contact, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close"));
        await().atMost(Duration.ofSeconds(30)).until(() -> sendsOf(contact).size() == 1);
        clock.advance(Duration.ofSeconds(31));

        // The server took it, the sender never heard so: unknown, and the one copy is the only one
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "unknown".equals(sendsOf(contact).get(0).get("status")));
        assertThat(sendsOf(contact).get(0).get("last_error").toString())
                .startsWith("may have left")
                .endsWith("not resent automatically");
        send(approval(witness, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close"));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            clock.advance(Duration.ofSeconds(31));
            return smtp.inboxOf(email(witness)).size() == 1;
        });
        assertThat(smtp.inboxOf(email(contact))).hasSize(1);
        assertThat(sendsOf(contact).get(0).get("status")).isEqualTo("unknown");
        http().get()
                .uri("/api/v1/sends?status=unknown&limit=500")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.id == '" + sendsOf(contact).get(0).get("id") + "')]")
                .exists();
        // the Message-ID the contact got is announced, so their reply is matched to this touch
        assertThat(events(contact, TouchFailed.class)).singleElement().satisfies(failed -> {
            assertThat(failed.getMayHaveLeft()).isTrue();
            assertThat(failed.getMessageId())
                    .isEqualTo(smtp.inboxOf(email(contact)).get(0).getMessageID());
            assertThat(failed.getToId()).isEqualTo(email(contact));
            assertThat(failed.getCampaignSlug()).isEqualTo("b2bea_membership_close");
        });
        assertThat(events(contact, TouchSent.class)).isEmpty();
    }

    @Test
    void oneClickUnsubscribeSuppressesTheContactPublishesItAndCancelsWhatWaits() throws Exception {
        String contact = contact();
        String enrollment = UUID.randomUUID().toString();
        send(approval(contact, enrollment, 1, "email", "b2bea_membership_close"));
        await().atMost(Duration.ofSeconds(30)).until(() -> sendsOf(contact).size() == 1);
        clock.advance(Duration.ofSeconds(31));
        MimeMessage mail = await().atMost(Duration.ofSeconds(30))
                .until(() -> smtp.inboxOf(email(contact)), messages -> !messages.isEmpty())
                .get(0);
        String path = unsubscribeUrl(mail).replace("http://127.0.0.1:8084", "");

        // A forged or altered token is refused; the real one shows a confirmation page
        String tampered = path.substring(0, path.length() - 2) + (path.endsWith("A") ? "BB" : "AA");
        http().post()
                .uri(tampered)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("List-Unsubscribe=One-Click")
                .exchange()
                .expectStatus()
                .isNotFound();
        http().get().uri("/u/" + UUID.randomUUID()).exchange().expectStatus().isNotFound();
        http().get()
                .uri(path)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(page -> assertThat(page).contains("<form method=\"post\""));

        // The mail client's one-click POST
        http().post()
                .uri(path)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("List-Unsubscribe=One-Click")
                .exchange()
                .expectStatus()
                .isOk();
        http().post()
                .uri(path)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("List-Unsubscribe=One-Click")
                .exchange()
                .expectStatus()
                .isOk();

        List<Unsubscribed> unsubscribed = await().atMost(Duration.ofSeconds(30))
                .until(() -> engagement(contact, Unsubscribed.class), list -> !list.isEmpty());
        assertThat(unsubscribed).singleElement().satisfies(event -> {
            assertThat(event.getEmail()).isEqualTo(email(contact));
            assertThat(event.getSource()).isEqualTo("one_click");
        });

        // A later approval for them is cancelled at send time, with the reason
        send(approval(contact, enrollment, 2, "email", "b2bea_membership_close"));
        await().atMost(Duration.ofSeconds(30)).until(() -> sendsOf(contact).size() == 2);
        clock.advance(Duration.ofSeconds(31));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "cancelled".equals(sendsOf(contact).get(1).get("status")));
        assertThat(sendsOf(contact).get(1).get("last_error").toString())
                .isEqualTo("the contact is suppressed: unsubscribed (one_click)");
        assertThat(smtp.inboxOf(email(contact))).hasSize(1);

        // An exit with reason bounced suppresses too, and cancels what waits
        String bounced = contact();
        send(approval(bounced, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close"));
        await().atMost(Duration.ofSeconds(30)).until(() -> sendsOf(bounced).size() == 1);
        sendEnrollmentEvent(
                bounced,
                Exited.newBuilder()
                        .setEnrollmentId(UUID.randomUUID().toString())
                        .setCampaignSlug("b2bea_membership_close")
                        .setCampaignVersion(1)
                        .setReason("bounced")
                        .build());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "cancelled".equals(sendsOf(bounced).get(0).get("status")));

        // A hard bounce read from a reply suppresses at once; a soft one suppresses nothing
        String hard = contact();
        String soft = contact();
        for (String someone : List.of(hard, soft)) {
            send(approval(someone, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close"));
            await().atMost(Duration.ofSeconds(30)).until(() -> sendsOf(someone).size() == 1);
        }
        kafka.send(bounceReply(soft, "soft", "4.2.2"));
        kafka.send(bounceReply(hard, "hard", "5.1.1"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "cancelled".equals(sendsOf(hard).get(0).get("status")));
        assertThat(sendsOf(hard).get(0).get("last_error").toString())
                .isEqualTo("the contact is suppressed: bounced (bounce 5.1.1)");
        clock.advance(Duration.ofSeconds(31));
        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.inboxOf(email(soft)), messages -> messages.size() == 1);
        assertThat(smtp.inboxOf(email(hard))).isEmpty();
    }

    private static ProducerRecord<String, byte[]> bounceReply(String contact, String kind, String status) {
        EventHeader header = header(contact);
        return record(
                Topics.REPLY_CLASSIFIED,
                contact,
                header,
                ReplyClassified.newBuilder()
                        .setHeader(header)
                        .setReplyId(UUID.randomUUID().toString())
                        .setLabel("bounce")
                        .setConfidence(0.99)
                        .setDecidedBy("rules")
                        .setBounceKind(kind)
                        .setBounceStatus(status)
                        .setBouncedAddress(email(contact))
                        .build());
    }

    @Test
    void aSendWaitingWhenItsEnrollmentPausesOrExitsIsCancelledAndNeverLeaves() {
        String keen = contact();
        String done = contact();
        String keenEnrollment = UUID.randomUUID().toString();
        String doneEnrollment = UUID.randomUUID().toString();
        send(approval(keen, keenEnrollment, 2, "email", "b2bea_membership_close"));
        send(approval(done, doneEnrollment, 4, "linkedin", "b2bea_membership_close"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> sendsOf(keen).size() == 1 && sendsOf(done).size() == 1);

        sendEnrollmentEvent(
                keen,
                Paused.newBuilder()
                        .setEnrollmentId(keenEnrollment)
                        .setCampaignSlug("b2bea_membership_close")
                        .setReason("reply: interested")
                        .build());
        sendEnrollmentEvent(
                done,
                Exited.newBuilder()
                        .setEnrollmentId(doneEnrollment)
                        .setCampaignSlug("b2bea_membership_close")
                        .setCampaignVersion(1)
                        .setReason("converted")
                        .build());

        await().atMost(Duration.ofSeconds(30))
                .until(() -> "cancelled".equals(sendsOf(keen).get(0).get("status"))
                        && "cancelled".equals(sendsOf(done).get(0).get("status")));
        assertThat(sendsOf(keen).get(0).get("last_error")).isEqualTo("the enrollment paused: reply: interested");
        assertThat(sendsOf(done).get(0).get("last_error")).isEqualTo("the enrollment exited: converted");
        assertThat(await().atMost(Duration.ofSeconds(30))
                        .until(() -> events(keen, TouchCancelled.class), l -> !l.isEmpty()))
                .singleElement()
                .satisfies(cancelled -> assertThat(cancelled.getReason()).contains("paused"));
        clock.advance(Duration.ofSeconds(31));
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(smtp.inboxOf(email(keen))).isEmpty());
    }

    @Test
    void anApprovalArrivingAfterItsEnrollmentPausedOrExitedIsCancelledAndAResumedOneSendsAgain() {
        // The approved and enrollment topics keep no order between them: a person approved the next
        // touch while the reply that paused the enrollment (or the exit) was on its way.
        String keen = contact();
        String done = contact();
        String keenEnrollment = UUID.randomUUID().toString();
        String doneEnrollment = UUID.randomUUID().toString();
        sendEnrollmentEvent(
                keen,
                Paused.newBuilder()
                        .setEnrollmentId(keenEnrollment)
                        .setCampaignSlug("b2bea_membership_close")
                        .setReason("reply: interested")
                        .build());
        sendEnrollmentEvent(
                done,
                Exited.newBuilder()
                        .setEnrollmentId(doneEnrollment)
                        .setCampaignSlug("b2bea_membership_close")
                        .setCampaignVersion(1)
                        .setReason("converted")
                        .build());
        // the enrollment events are consumed (a paused one's own pause is idempotent), then the approvals come
        await().atMost(Duration.ofSeconds(30))
                .until(() -> db.sql("SELECT count(*) FROM enrollment_holds WHERE " + "enrollment_id IN ('"
                                        + keenEnrollment + "', '" + doneEnrollment + "')")
                                .map(row -> row.get(0, Long.class))
                                .one()
                                .block()
                        == 2);
        send(approval(keen, keenEnrollment, 2, "email", "b2bea_membership_close"));
        send(approval(done, doneEnrollment, 3, "email", "b2bea_membership_close"));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> sendsOf(keen).size() == 1
                        && sendsOf(done).size() == 1
                        && "cancelled".equals(sendsOf(keen).get(0).get("status"))
                        && "cancelled".equals(sendsOf(done).get(0).get("status")));
        assertThat(sendsOf(keen).get(0).get("last_error")).isEqualTo("the enrollment paused: reply: interested");
        assertThat(sendsOf(done).get(0).get("last_error")).isEqualTo("the enrollment exited: converted");
        assertThat(await().atMost(Duration.ofSeconds(30))
                        .until(() -> events(done, TouchCancelled.class), l -> !l.isEmpty()))
                .singleElement()
                .satisfies(cancelled -> assertThat(cancelled.getReason()).contains("exited"));

        // A person resumes the paused one: its next approval is sent; the exited one stays held
        sendEnrollmentEvent(
                keen,
                Resumed.newBuilder()
                        .setEnrollmentId(keenEnrollment)
                        .setCampaignSlug("b2bea_membership_close")
                        .build());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> db.sql("SELECT count(*) FROM enrollment_holds WHERE " + "enrollment_id = '"
                                        + keenEnrollment + "'")
                                .map(row -> row.get(0, Long.class))
                                .one()
                                .block()
                        == 0);
        send(approval(keen, keenEnrollment, 3, "email", "b2bea_membership_close"));
        send(approval(done, doneEnrollment, 4, "email", "b2bea_membership_close"));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            clock.advance(Duration.ofSeconds(31));
            return smtp.inboxOf(email(keen)).size() == 1;
        });
        assertThat(sendsOf(keen).stream().map(send -> send.get("step_number") + " " + send.get("status")))
                .containsExactly("2 cancelled", "3 sent");
        await().atMost(Duration.ofSeconds(30)).until(() -> sendsOf(done).size() == 2);
        assertThat(sendsOf(done).stream().map(send -> (Object) send.get("status")))
                .containsOnly("cancelled");
        assertThat(smtp.inboxOf(email(done))).isEmpty();
    }

    @Test
    void aTrackedMessageCountsOpensAndClicksAndRedirectsOnlyToItsOwnLinks() throws Exception {
        String contact = contact();
        send(approval(contact, UUID.randomUUID().toString(), 1, "email", "tracked_campaign"));
        await().atMost(Duration.ofSeconds(30)).until(() -> sendsOf(contact).size() == 1);
        clock.advance(Duration.ofSeconds(31));
        MimeMessage mail = await().atMost(Duration.ofSeconds(30))
                .until(() -> smtp.inboxOf(email(contact)), messages -> !messages.isEmpty())
                .get(0);
        String html = html(mail);
        String pixel = first(html, "src=\"http://127.0.0.1:8084(/t/o/[^\"]+)\"");
        String click = first(html, "href=\"http://127.0.0.1:8084(/t/c/[^\"]+)\"");
        assertThat(text(mail)).contains("https://b2bea.example/library").doesNotContain("/t/c/");

        // An image proxy fetches the pixel at once; the person opens it a minute later
        http().get()
                .uri(pixel)
                .header(HttpHeaders.USER_AGENT, "Mozilla/5.0 (via ggpht.com GoogleImageProxy)")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType(MediaType.IMAGE_GIF);
        clock.advance(Duration.ofMinutes(1));
        http().get()
                .uri(pixel)
                .header(HttpHeaders.USER_AGENT, "Mozilla/5.0 (Macintosh) Thunderbird/128.0")
                .exchange()
                .expectStatus()
                .isOk();
        http().get()
                .uri(click)
                .header(HttpHeaders.USER_AGENT, "Mozilla/5.0 (Macintosh) Firefox/130.0")
                .exchange()
                .expectStatus()
                .isFound()
                .expectHeader()
                .valueEquals(HttpHeaders.LOCATION, "https://b2bea.example/library");

        // A token altered to point elsewhere, or of another purpose, redirects nowhere
        http().get()
                .uri(click.substring(0, click.length() - 2) + "xx")
                .exchange()
                .expectStatus()
                .isNotFound();
        http().get()
                .uri(pixel.replace("/t/o/", "/t/c/"))
                .exchange()
                .expectStatus()
                .isNotFound();

        List<Opened> opens = await().atMost(Duration.ofSeconds(30))
                .until(() -> engagement(contact, Opened.class), list -> list.size() == 2);
        assertThat(opens).extracting(Opened::getMachine).containsExactly(true, false);
        assertThat(await().atMost(Duration.ofSeconds(30))
                        .until(() -> engagement(contact, Clicked.class), list -> !list.isEmpty()))
                .singleElement()
                .satisfies(event -> {
                    assertThat(event.getUrl()).isEqualTo("https://b2bea.example/library");
                    assertThat(event.getMachine()).isFalse();
                });
    }

    @Test
    void aLinkedInTouchBecomesATaskAndDoneRecordsItSent() {
        String contact = contact();
        send(approval(contact, UUID.randomUUID().toString(), 4, "linkedin", "b2bea_membership_close"));
        Object id = await().atMost(Duration.ofSeconds(30))
                .until(() -> sendsOf(contact), l -> !l.isEmpty())
                .get(0)
                .get("id");
        assertThat(sendsOf(contact).get(0).get("status")).isEqualTo("task");
        http().get()
                .uri("/api/v1/tasks?limit=500")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.id == '" + id + "')]")
                .exists();

        justin().post()
                .uri("/api/v1/tasks/{id}/done", id)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("sent")
                .jsonPath("$.done_by")
                .isEqualTo("justin");
        http().post()
                .uri("/api/v1/tasks/{id}/done", id)
                .exchange()
                .expectStatus()
                .isEqualTo(409);
        assertThat(await().atMost(Duration.ofSeconds(30))
                        .until(() -> events(contact, TouchSent.class), l -> !l.isEmpty()))
                .singleElement()
                .satisfies(sent -> assertThat(sent.getMessageId()).isNull());
        assertThat(smtp.inboxOf(email(contact))).isEmpty();
    }

    @Test
    void aChannelWithAProviderIsSentThroughItAndTheProvidersIdIsKept() {
        String contact = contact();
        DraftApproved sms = approval(contact, UUID.randomUUID().toString(), 1, "sms", "b2bea_membership_close");
        sms.setToId("+14155550123");
        sms.setBody("Dana, the library is open for you.");
        kafka.send(record(contact, sms, UUID.randomUUID().toString()));
        String refused = contact();
        DraftApproved landline = approval(refused, UUID.randomUUID().toString(), 1, "sms", "b2bea_membership_close");
        landline.setToId("+15550000000");
        kafka.send(record(refused, landline, UUID.randomUUID().toString()));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> sendsOf(contact).size() == 1 && sendsOf(refused).size() == 1);
        assertThat(sendsOf(contact).get(0).get("status")).isEqualTo("pending");
        clock.advance(Duration.ofSeconds(31));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> "sent".equals(sendsOf(contact).get(0).get("status")));
        assertThat(sendsOf(contact).get(0).get("provider_message_id").toString())
                .startsWith("sms-");
        assertThat(smsGateway)
                .filteredOn(message -> message.to().equals("+14155550123"))
                .singleElement()
                .satisfies(message -> assertThat(message.body()).isEqualTo("Dana, the library is open for you."));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "failed".equals(sendsOf(refused).get(0).get("status")));
        assertThat(sendsOf(refused).get(0).get("last_error").toString()).contains("not a mobile number");
    }

    @Test
    void aProviderThatDoesNotAnswerInTimeLeavesTheTouchUnknownAndItIsNeverResentByItself() {
        String contact = contact();
        DraftApproved sms = approval(contact, UUID.randomUUID().toString(), 1, "sms", "b2bea_membership_close");
        sms.setToId("+19995550123");
        kafka.send(record(contact, sms, UUID.randomUUID().toString()));
        await().atMost(Duration.ofSeconds(30)).until(() -> sendsOf(contact).size() == 1);
        clock.advance(Duration.ofSeconds(31));
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> "unknown".equals(sendsOf(contact).get(0).get("status")));
            assertThat(sendsOf(contact).get(0).get("last_error").toString())
                    .contains("sms provider did not answer within PT1S");
        } finally {
            gatewayHangs.countDown();
        }
        clock.advance(Duration.ofSeconds(31));
        String witness = contact();
        send(approval(witness, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close"));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            clock.advance(Duration.ofSeconds(31));
            return smtp.inboxOf(email(witness)).size() == 1;
        });
        assertThat(smsGateway)
                .filteredOn(message -> message.to().equals("+19995550123"))
                .hasSize(1);
        assertThat(sendsOf(contact).get(0).get("status")).isEqualTo("unknown");
    }

    @Test
    void replayingApprovedFromOffsetZeroSendsNothingAndAnUndecodableRecordIsDeadLettered() {
        String contact = contact();
        ProducerRecord<String, byte[]> garbage =
                new ProducerRecord<>(Topics.APPROVED, "b2bea:" + contact, "garbage".getBytes());
        EventHeaders.write(garbage.headers(), EventHeaders.ID, UUID.randomUUID().toString());
        kafka.send(garbage);
        send(approval(contact, UUID.randomUUID().toString(), 1, "email", "b2bea_membership_close"));
        await().atMost(Duration.ofSeconds(30)).until(() -> sendsOf(contact).size() == 1);
        clock.advance(Duration.ofSeconds(31));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> smtp.inboxOf(email(contact)).size() == 1);
        String dlt = Topics.deadLetter(Topics.APPROVED, "dispatch-service");
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> kafka.readAll(dlt, r -> ("b2bea:" + contact).equals(r.key())),
                        records -> records.size() == 1);

        long sends = count("sales_send_queue");
        int messages = smtp.greenMail().getReceivedMessages().length;
        int sent = kafka.readAll(Topics.SENT).size();
        listeners.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> !listeners.isRunning());
        kafka.rewind("dispatch-service", Topics.APPROVED);
        listeners.start();
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        new ConsumerLag(TestInfrastructure.get().bootstrapServers()).of(List.of("dispatch-service"))
                                == 0);
        clock.advance(Duration.ofSeconds(31));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(count("sales_send_queue")).isEqualTo(sends);
            assertThat(smtp.greenMail().getReceivedMessages()).hasSize(messages);
        });
        assertThat(kafka.readAll(Topics.SENT)).hasSize(sent);
    }

    // --- helpers ---

    private static String contact() {
        return "c-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String email(String contact) {
        return contact + "@acme.example";
    }

    private WebTestClient http() {
        return HttpClients.client(port);
    }

    /** An operator of b2bea named justin. */
    private WebTestClient justin() {
        return HttpClients.client(port, TestIdentity.token("justin", List.of("operator"), List.of("b2bea")));
    }

    /** Publishes an event of the contact's enrollment (Paused, Exited, Resumed) as enrollment-service would. */
    private void sendEnrollmentEvent(String contact, Object payload) {
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

    private static DraftApproved approval(
            String contact, String enrollmentId, int step, String channel, String campaign) {
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

    private void send(DraftApproved approved) {
        String contact = approved.getToId().replaceAll("@.*|.*/in/", "");
        kafka.send(record(contact, approved, UUID.randomUUID().toString()));
    }

    private static EventHeader header(String contact) {
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
    private static ProducerRecord<String, byte[]> record(String contact, DraftApproved approved, String eventId) {
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

    private static void sign(DraftApproved approved, EventHeader header, PrivateKey key, String keyId) {
        approved.setContentHash(Approval.contentHash(approved.getSubject(), approved.getBody()));
        approved.setSigningKeyId(keyId);
        approved.setSignature(
                ByteBuffer.wrap(ApprovalKeys.sign(Approval.of(approved, header, approved.getContentHash()), key)));
    }

    private static ProducerRecord<String, byte[]> record(
            String topic, String contact, EventHeader header, SpecificRecord value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                topic, "b2bea:" + contact, new AvroSingleObjectSerializer().serialize(topic, value));
        EventHeaders.write(record.headers(), EventHeaders.ID, header.getEventId());
        return record;
    }

    private List<Map<?, ?>> sendsOf(String contact) {
        return http()
                .get()
                .uri("/api/v1/sends?limit=500")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBodyList(Map.class)
                .returnResult()
                .getResponseBody()
                .stream()
                .filter(send -> contact.equals(send.get("contact_id")))
                .sorted(Comparator.comparing(send -> (Integer) send.get("step_number")))
                .<Map<?, ?>>map(send -> send)
                .toList();
    }

    private List<Map<?, ?>> sendsWithStatus(String status) {
        return http()
                .get()
                .uri("/api/v1/sends?limit=500&status=" + status)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBodyList(Map.class)
                .returnResult()
                .getResponseBody()
                .stream()
                .<Map<?, ?>>map(s -> s)
                .toList();
    }

    private <T> List<T> events(String contact, Class<T> type) {
        return kafka.readAll(Topics.SENT, r -> ("b2bea:" + contact).equals(r.key())).stream()
                .map(r -> ((DispatchEvent) avro.deserialize(Topics.SENT, r.value())).getPayload())
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    private <T> List<T> engagement(String contact, Class<T> type) {
        return kafka.readAll(Topics.ENGAGEMENT, r -> ("b2bea:" + contact).equals(r.key())).stream()
                .map(r -> ((EngagementEvent) avro.deserialize(Topics.ENGAGEMENT, r.value())).getPayload())
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    private static String text(MimeMessage mail) throws Exception {
        return part(mail, "text/plain").replace("\r\n", "\n");
    }

    private static String html(MimeMessage mail) throws Exception {
        return part(mail, "text/html");
    }

    private static String part(MimeMessage mail, String type) throws Exception {
        MimeMultipart multipart = (MimeMultipart) mail.getContent();
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.isMimeType(type)) {
                return part.getContent().toString();
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    private static String unsubscribeUrl(MimeMessage mail) throws Exception {
        return first(mail.getHeader("List-Unsubscribe")[0], "<(http[^>]+)>");
    }

    private static String first(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as(regex + " in " + text).isTrue();
        return matcher.group(1);
    }

    private long count(String table) {
        return db.sql("SELECT count(*) AS n FROM " + table)
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }
}
