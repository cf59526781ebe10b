package dev.touchflow.replies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.platform.kafka.EventHeaders;
import dev.touchflow.platform.security.AccessWalk;
import dev.touchflow.platform.security.ScopeWalk;
import dev.touchflow.replies.inbound.InboundEmail;
import dev.touchflow.replies.inbound.ReceivingReplies;
import dev.touchflow.replies.thread.IndexingSentMessages;
import dev.touchflow.replies.webhook.WebhookSignatures;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.dispatch.DispatchEvent;
import dev.touchflow.schemas.dispatch.TouchFailed;
import dev.touchflow.schemas.dispatch.TouchSent;
import dev.touchflow.schemas.replies.ReplyClassified;
import dev.touchflow.schemas.serde.AvroSingleObjectDeserializer;
import dev.touchflow.schemas.serde.AvroSingleObjectSerializer;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.testkit.HttpClients;
import dev.touchflow.testkit.KafkaProbe;
import dev.touchflow.testkit.ServiceUnderTest;
import dev.touchflow.testkit.TestIdentity;
import dev.touchflow.testkit.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** The signed inbound webhook on the real broker and database: stored once, matched to its touch, or refused. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            ReplyClassifierApplication.CONFIG_NAME,
            "touchflow.replies.inbound.clients.b2bea.webhook-secret=b2bea-inbound-secret",
            "touchflow.replies.inbound.clients.dreamborn.webhook-secret=b2bea-inbound-secret",
            // every model guess goes to a person here, so the review path is exercised whatever the model says
            "touchflow.replies.review-threshold=1.01"
        })
class InboundIT {

    static final String SECRET = "b2bea-inbound-secret";

    @LocalServerPort
    int port;

    @Autowired
    DatabaseClient db;

    private final KafkaProbe kafka = new KafkaProbe(TestInfrastructure.get().bootstrapServers());
    private final JsonMapper json = JsonMapper.builder().build();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceUnderTest.register(registry, "reply-classifier-service");
    }

    @Test
    void everyEndpointHasARuleAndAnswersEachKindOfCallerByIt(@Autowired ApplicationContext context) {
        assertThat(AccessWalk.walk(context, port, 6)).isEmpty();
    }

    @Test
    void aReplyAndASentMessageOfOneClientAreNotFoundForAnotherClientsCallers(@Autowired ApplicationContext context) {
        // Given b2bea's sent touch and the reply to it
        Touch touch = sentTouch();
        byte[] body = json.writeValueAsBytes(Map.of(
                "from",
                touch.contact() + "@acme.example",
                "subject",
                "Re: An idea",
                "date",
                "2026-06-02T10:00:00Z",
                "headers",
                Map.of("Message-ID", "<scoped-" + touch.contact() + "@acme.example>", "In-Reply-To", touch.messageId()),
                "text",
                "Not now, thanks."));
        Object replyId = post(body, signed(body))
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("id");

        // Then another client's operators and viewers neither find the touch nor relabel the reply
        assertThat(ScopeWalk.walk(
                        context,
                        port,
                        ScopeWalk.Owned.by("b2bea")
                                .object("/api/v1/replies/{id}", replyId.toString())
                                .body(HttpMethod.POST, "/api/v1/replies/{id}/label", Map.of("label", "unsubscribe"))
                                .query("/api/v1/sent-messages", "message_id=" + touch.messageId())
                                .listed("/api/v1/replies", "limit=500")
                                .listed("/api/v1/mailboxes/skipped", "client=b2bea")
                                .listed("/api/v1/audit", "subject_id=" + replyId)))
                .isEmpty();
        assertThat(replies(null).stream()
                        .filter(reply -> replyId.equals(reply.get("id")))
                        .findFirst()
                        .orElseThrow()
                        .get("decided_by"))
                .isNull();
    }

    @Test
    void aSignedReplyIsStoredOnceAndMatchedToTheTouchItAnswers() {
        Touch touch = sentTouch();
        String contact = touch.contact();
        String messageId = touch.messageId();
        UUID enrollment = touch.enrollment();

        Map<String, Object> reply = Map.of(
                "from",
                "Dana Ruiz <" + contact + "@acme.example>",
                "to",
                "justin@b2bea.example",
                "subject",
                "Re: An idea for Acme",
                "date",
                "2026-06-02T10:00:00Z",
                "headers",
                Map.of("Message-ID", "<reply-" + contact + "@acme.example>", "In-Reply-To", messageId),
                "text",
                "Send me the deck, please.\n\nOn Mon, Jun 1, 2026 at 10:00 AM Justin wrote:\n> Hi Dana,\n> unsubscribe: https://x/u/1");
        byte[] body = json.writeValueAsBytes(reply);

        Map<?, ?> first = post(body, signed(body))
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        Map<?, ?> again = post(body, signed(body))
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();

        assertThat(first.get("duplicate")).isEqualTo(false);
        assertThat(first.get("matched_by")).isEqualTo("thread");
        assertThat(first.get("enrollment_id")).isEqualTo(enrollment.toString());
        assertThat(again.get("duplicate")).isEqualTo(true);
        assertThat(again.get("id")).isEqualTo(first.get("id"));
        assertThat(count("message_id = '<reply-" + contact + "@acme.example>'")).isEqualTo(1);
        Map<?, ?> stored = replies(null).stream()
                .filter(r -> first.get("id").equals(r.get("id")))
                .findFirst()
                .orElseThrow();
        assertThat(stored.get("new_text")).isEqualTo("Send me the deck, please.");
        assertThat(stored.get("automatic")).isEqualTo(false);

        // A reply without threading headers is matched by its sender's address
        Map<String, Object> fresh = Map.of(
                "from",
                contact + "@acme.example",
                "subject",
                "pricing?",
                "date",
                "2026-06-03T10:00:00Z",
                "headers",
                Map.of("Message-ID", "<fresh-" + contact + "@acme.example>"),
                "text",
                "What does membership cost?");
        byte[] freshBody = json.writeValueAsBytes(fresh);
        post(freshBody, signed(freshBody))
                .expectStatus()
                .isAccepted()
                .expectBody()
                .jsonPath("$.matched_by")
                .isEqualTo("sender")
                .jsonPath("$.contact_id")
                .isEqualTo(contact);
    }

    @Test
    void aReplyThatMatchesNothingIsKeptAndListedAndABounceIsRecognised() {
        String stranger = "s-" + UUID.randomUUID().toString().substring(0, 8) + "@nowhere.example";
        Map<String, Object> reply = Map.of(
                "from",
                stranger,
                "subject",
                "hello?",
                "date",
                "2026-06-02T10:00:00Z",
                "headers",
                Map.of("Message-ID", "<" + stranger + ">"),
                "text",
                "Who are you?");
        byte[] body = json.writeValueAsBytes(reply);
        post(body, signed(body))
                .expectStatus()
                .isAccepted()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("unmatched");
        assertThat(replies("unmatched"))
                .anySatisfy(r -> assertThat(r.get("from_address")).isEqualTo(stranger));

        String raw = """
                From: Mail Delivery System <MAILER-DAEMON@mx.acme.example>
                To: justin@b2bea.example
                Subject: Undelivered Mail Returned to Sender
                Message-ID: <dsn-%s@mx.acme.example>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="B"

                --B
                Content-Type: text/plain

                Your message could not be delivered.
                --B
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.acme.example

                Final-Recipient: rfc822; gone@acme.example
                Action: failed
                Status: 5.1.1
                --B--
                """.formatted(UUID.randomUUID()).replace("\n", "\r\n");
        Map<String, Object> bounce = Map.of(
                "from",
                "MAILER-DAEMON@mx.acme.example",
                "subject",
                "Undelivered Mail Returned to Sender",
                "date",
                "2026-06-02T10:00:00Z",
                "headers",
                Map.of(
                        "Message-ID",
                        raw.lines()
                                .filter(l -> l.startsWith("Message-ID"))
                                .findFirst()
                                .orElseThrow()
                                .substring(12)
                                .strip()),
                "text",
                "Your message could not be delivered.",
                "raw",
                raw);
        byte[] bounceBody = json.writeValueAsBytes(bounce);
        Object id = post(bounceBody, signed(bounceBody))
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("id");
        assertThat(replies("unmatched"))
                .filteredOn(r -> id.equals(r.get("id")))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.get("bounce_kind")).isEqualTo("hard");
                    assertThat(r.get("bounce_recipient")).isEqualTo("gone@acme.example");
                });
    }

    @Test
    void aBounceIsMatchedByTheReturnedOriginalOrItsRecipientAndCarriesItsKind() {
        Touch touch = sentTouch();
        String contact = touch.contact();
        String messageId = touch.messageId();
        UUID enrollment = touch.enrollment();

        // A hard bounce returns our original's headers: matched by thread though it comes from the mailer daemon
        byte[] hard = json.writeValueAsBytes(report(
                contact + "@acme.example",
                "5.1.1",
                "failed",
                "Content-Type: text/rfc822-headers\r\n\r\nMessage-ID: " + messageId + "\r\nTo: " + contact
                        + "@acme.example\r\nSubject: An idea for Acme\r\n"));
        post(hard, signed(hard))
                .expectStatus()
                .isAccepted()
                .expectBody()
                .jsonPath("$.matched_by")
                .isEqualTo("thread")
                .jsonPath("$.status")
                .isEqualTo("classified")
                .jsonPath("$.label")
                .isEqualTo("bounce");
        // A soft one without the original is matched by the recipient it names
        byte[] soft = json.writeValueAsBytes(report(contact + "@acme.example", "4.2.2", "delayed", null));
        post(soft, signed(soft))
                .expectStatus()
                .isAccepted()
                .expectBody()
                .jsonPath("$.matched_by")
                .isEqualTo("sender")
                .jsonPath("$.label")
                .isEqualTo("bounce");

        List<ReplyClassified> events =
                await().atMost(Duration.ofSeconds(30)).until(() -> classified(contact), list -> list.size() == 2);
        assertThat(events.get(0).getBounceKind()).isEqualTo("hard");
        assertThat(events.get(0).getBounceStatus()).isEqualTo("5.1.1");
        assertThat(events.get(0).getBouncedAddress()).isEqualTo(contact + "@acme.example");
        assertThat(events.get(0).getEnrollmentId()).isEqualTo(enrollment.toString());
        assertThat(events.get(1).getBounceKind()).isEqualTo("soft");

        // A person's bounce label must say which kind it is
        Object softId = replies(null).stream()
                .filter(r -> "4.2.2".equals(r.get("bounce_status"))
                        && (contact + "@acme.example").equals(r.get("bounce_recipient")))
                .findFirst()
                .orElseThrow()
                .get("id");
        http().post()
                .uri("/api/v1/replies/{id}/label", softId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("label", "bounce"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("bounce_kind");
    }

    /** A delivery report for the recipient, with a Message-ID of its own and optionally a third part. */
    private static Map<String, Object> report(String recipient, String status, String action, String thirdPart) {
        String boundary = "B" + UUID.randomUUID().toString().substring(0, 6);
        String raw = ("From: Mail Delivery System <MAILER-DAEMON@mx.acme.example>\r\nTo: justin@b2bea.example\r\n"
                + "Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn-" + UUID.randomUUID()
                + "@mx.acme.example>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\""
                + boundary
                + "\"\r\n\r\n--" + boundary
                + "\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n--"
                + boundary
                + "\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.acme.example\r\n\r\n"
                + "Final-Recipient: rfc822; " + recipient + "\r\nAction: " + action + "\r\nStatus: " + status + "\r\n"
                + (thirdPart == null ? "" : "--" + boundary + "\r\n" + thirdPart) + "--" + boundary + "--\r\n");
        String id = raw.lines()
                .filter(line -> line.startsWith("Message-ID"))
                .findFirst()
                .orElseThrow()
                .substring(12)
                .strip();
        return Map.of(
                "from",
                "MAILER-DAEMON@mx.acme.example",
                "subject",
                "Undelivered Mail Returned to Sender",
                "date",
                "2026-06-02T10:00:00Z",
                "headers",
                Map.of("Message-ID", id),
                "text",
                "Your message could not be delivered.",
                "raw",
                raw);
    }

    @Test
    void anUnsignedStaleOrForgedWebhookIsRefusedAndNothingIsStored() {
        String marker = "forged-" + UUID.randomUUID();
        byte[] body = json.writeValueAsBytes(Map.of(
                "from",
                "x@acme.example",
                "subject",
                marker,
                "headers",
                Map.of("Message-ID", "<" + marker + ">"),
                "text",
                "hi"));
        long now = Instant.now().getEpochSecond();

        post(body, null).expectStatus().isUnauthorized().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        post(body, new String[] {String.valueOf(now - 600), WebhookSignatures.sign(SECRET, "b2bea", now - 600, body)})
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("the request is not signed correctly");
        post(body, new String[] {String.valueOf(now), WebhookSignatures.sign("another-secret", "b2bea", now, body)})
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("the request is not signed correctly");
        byte[] tampered =
                new String(body, StandardCharsets.UTF_8).replace("hi", "ho").getBytes(StandardCharsets.UTF_8);
        post(tampered, new String[] {String.valueOf(now), WebhookSignatures.sign(SECRET, "b2bea", now, body)})
                .expectStatus()
                .isUnauthorized();
        // Signed for another client that shares the secret: the client id is in what is signed
        post(body, new String[] {String.valueOf(now), WebhookSignatures.sign(SECRET, "dreamborn", now, body)})
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("the request is not signed correctly");
        // An unknown client is refused the same way, revealing nothing
        http().post()
                .uri("/api/v1/inbound/email")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-Touchflow-Client", "nobody")
                .header("X-Touchflow-Timestamp", String.valueOf(now))
                .header("X-Touchflow-Signature", WebhookSignatures.sign(SECRET, "nobody", now, body))
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("the request is not signed correctly");

        assertThat(count("subject = '" + marker + "'")).isZero();
    }

    @Test
    void aMatchedReplyIsClassifiedAndPublishedAndAnUnclearOneWaitsForAPersonWhoseCorrectionsArePublishedToo() {
        Touch touch = sentTouch();
        String contact = touch.contact();
        String messageId = touch.messageId();
        UUID enrollment = touch.enrollment();

        byte[] stop = json.writeValueAsBytes(Map.of(
                "from",
                contact + "@acme.example",
                "subject",
                "Re: An idea",
                "date",
                "2026-06-02T10:00:00Z",
                "text",
                "Please remove me from your list.",
                "headers",
                Map.of("Message-ID", "<stop-" + contact + "@acme.example>", "In-Reply-To", messageId)));
        post(stop, signed(stop))
                .expectStatus()
                .isAccepted()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("classified")
                .jsonPath("$.label")
                .isEqualTo("unsubscribe");
        ReplyClassified published = await().atMost(Duration.ofSeconds(30))
                .until(() -> classified(contact), list -> !list.isEmpty())
                .get(0);
        assertThat(published.getLabel()).isEqualTo("unsubscribe");
        assertThat(published.getEnrollmentId()).isEqualTo(enrollment.toString());
        assertThat(published.getInReplyTo()).isEqualTo(messageId);
        assertThat(published.getDecidedBy()).isEqualTo("rules");
        assertThat(published.getHeader().getCorrelationId()).isEqualTo("corr-" + contact);

        byte[] unclear = json.writeValueAsBytes(Map.of(
                "from",
                contact + "@acme.example",
                "subject",
                "Re: An idea",
                "date",
                "2026-06-03T10:00:00Z",
                "text",
                "Sounds good, tell me more.",
                "headers",
                Map.of("Message-ID", "<unclear-" + contact + "@acme.example>", "In-Reply-To", messageId)));
        Map<?, ?> unclearReceipt = post(unclear, signed(unclear))
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(unclearReceipt.get("status"))
                .as(String.valueOf(unclearReceipt))
                .isEqualTo("needs_review");
        Object unclearId = unclearReceipt.get("id");
        assertThat(replies("needs_review"))
                .anySatisfy(r -> assertThat(r.get("id")).isEqualTo(unclearId));
        // published as needs_review, decided by nobody, so the contact's sequence waits for a person
        ReplyClassified waiting = await().atMost(Duration.ofSeconds(30))
                .until(() -> classified(contact), list -> list.size() == 2)
                .get(1);
        assertThat(waiting.getLabel()).isEqualTo("needs_review");
        assertThat(waiting.getDecidedBy()).isEqualTo("nobody");
        assertThat(waiting.getReplyId()).isEqualTo(String.valueOf(unclearId));
        assertThat(waiting.getEnrollmentId()).isEqualTo(enrollment.toString());

        WebTestClient justin =
                HttpClients.client(port, TestIdentity.token("justin", List.of("operator"), List.of("*")));
        Map<?, ?> decided = justin.post()
                .uri("/api/v1/replies/{id}/label", unclearId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("label", "interested", "by", "someone-else"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(replies("classified"))
                .filteredOn(r -> unclearId.equals(r.get("id")))
                .singleElement()
                .satisfies(r -> assertThat(r.get("decision")).isEqualTo("decided by justin"));
        justin.get()
                .uri("/api/v1/audit?subject_type=reply&subject_id={id}", unclearId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].actor")
                .isEqualTo("justin")
                .jsonPath("$[0].action")
                .isEqualTo("reply.labelled")
                .jsonPath("$[0].detail.label")
                .isEqualTo("interested");
        Map<?, ?> corrected = http().post()
                .uri("/api/v1/replies/{id}/label", unclearId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("label", "question"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        http().post()
                .uri("/api/v1/replies/{id}/label", unclearId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("label", "maybe"))
                .exchange()
                .expectStatus()
                .isBadRequest();

        List<ReplyClassified> all =
                await().atMost(Duration.ofSeconds(30)).until(() -> classified(contact), list -> list.size() == 4);
        assertThat(all.get(2).getLabel()).isEqualTo("interested");
        assertThat(all.get(2).getDecidedBy()).isEqualTo("person");
        // the person's label corrects the needs_review event, which is what releases the held sequence
        assertThat(all.get(2).getCorrectsEventId())
                .isEqualTo(waiting.getHeader().getEventId());
        assertThat(all.get(3).getLabel()).isEqualTo("question");
        assertThat(all.get(3).getCorrectsEventId())
                .isEqualTo(decided.get("event_id"))
                .isEqualTo(corrected.get("corrects_event_id"));
    }

    @Test
    void aReplyReadBeforeItsTouchIsIndexedIsMatchedAndPublishedOnceTheTouchIs() {
        // The reply is read first: the service has not yet consumed the TouchSent it answers (a restart,
        // an outage: the sent topic and the mailbox are read independently)
        String contact = "early-" + UUID.randomUUID().toString().substring(0, 8);
        String messageId = "<" + UUID.randomUUID() + "@touchflow.local>";
        UUID enrollment = UUID.randomUUID();
        String replyId = "<stop-" + contact + "@acme.example>";
        byte[] stop = json.writeValueAsBytes(Map.of(
                "from",
                contact + "@acme.example",
                "subject",
                "Re: An idea",
                "date",
                Instant.now().toString(),
                "text",
                "Please remove me from your list.",
                "headers",
                Map.of("Message-ID", replyId, "In-Reply-To", messageId)));
        post(stop, signed(stop))
                .expectStatus()
                .isAccepted()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("unmatched");

        // Then the touch is indexed: the opt-out is matched to it and published, once
        sent(contact, messageId, enrollment);

        ReplyClassified published = await().atMost(Duration.ofSeconds(30))
                .until(() -> classified(contact), list -> !list.isEmpty())
                .get(0);
        assertThat(published.getLabel()).isEqualTo("unsubscribe");
        assertThat(published.getEnrollmentId()).isEqualTo(enrollment.toString());
        assertThat(published.getInReplyTo()).isEqualTo(messageId);
        assertThat(count("message_id = '" + replyId + "' AND status = 'classified' AND matched_by = 'thread'"))
                .isEqualTo(1);
        assertThat(count("message_id = '" + replyId + "'")).isEqualTo(1);
        // A later touch to the same address takes nothing in again (it is indexed in the same transaction
        // that would have): the matched reply keeps its row
        UUID stored = db.sql("SELECT id FROM received_messages WHERE message_id = :id")
                .bind("id", replyId)
                .map(row -> row.get("id", UUID.class))
                .one()
                .block();
        String later = "<" + UUID.randomUUID() + "@touchflow.local>";
        sent(contact, later, enrollment);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> http().get()
                                .uri("/api/v1/sent-messages?message_id={id}", later)
                                .exchange()
                                .returnResult(String.class)
                                .getStatus()
                                .value()
                        == 200);
        assertThat(db.sql("SELECT id FROM received_messages WHERE message_id = :id")
                        .bind("id", replyId)
                        .map(row -> row.get("id", UUID.class))
                        .one()
                        .block())
                .isEqualTo(stored);
    }

    @Test
    void aReplyReadWhileItsTouchIsBeingIndexedIsMatchedWhicheverCommitsFirst(
            @Autowired IndexingSentMessages index,
            @Autowired ReceivingReplies receiving,
            @Autowired TransactionalOperator transactions)
            throws Exception {
        String contact = "racing-" + UUID.randomUUID().toString().substring(0, 8);
        String messageId = "<" + UUID.randomUUID() + "@touchflow.local>";
        String replyId = "<stop-" + contact + "@acme.example>";
        // Given the touch being indexed: its transaction has looked for replies waiting for it, found none,
        // and has not committed yet
        CountDownLatch lookedForWaiting = new CountDownLatch(1);
        CompletableFuture<Void> commit = new CompletableFuture<>();
        CompletableFuture<Void> indexed = transactions
                .transactional(index.on(dispatchEvent(contact, touchSent(contact, messageId, UUID.randomUUID())))
                        .flatMap(index::find)
                        .flatMap(receiving::answersTo)
                        .then(Mono.fromRunnable(lookedForWaiting::countDown))
                        .then(Mono.fromFuture(commit)))
                .toFuture();
        assertThat(lookedForWaiting.await(30, TimeUnit.SECONDS)).isTrue();

        // When the opt-out answering it is read meanwhile
        InboundEmail stop = new InboundEmail(
                contact + "@acme.example",
                "justin@b2bea.example",
                "Re: An idea",
                Instant.now(),
                Map.of("Message-ID", replyId, "In-Reply-To", messageId),
                "Please remove me from your list.",
                null,
                null);
        CompletableFuture<ReceivingReplies.Receipt> read = transactions
                .transactional(receiving.receive("b2bea", stop, "webhook"))
                .toFuture();

        // Then it waits for the indexing to end (matched against a row not yet committed, it would be kept
        // unmatched, and the indexing has already looked), and is matched once it has
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        db.sql("""
                SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'""").map(row -> row.get("n", Long.class)).one().block() == 1);
        commit.complete(null);
        indexed.get(30, TimeUnit.SECONDS);
        assertThat(read.get(30, TimeUnit.SECONDS).matchedBy()).isEqualTo("thread");
        assertThat(count("message_id = '" + replyId + "' AND status <> 'unmatched'"))
                .isEqualTo(1);
    }

    @Test
    void anOptOutAnsweringATouchThatMayHaveLeftTakesEffectReadBeforeOrAfterIt() {
        // Dispatch died while the server was taking the touch: the send is unknown (never resent), yet
        // the contact got it and asks to stop. The reply is an answer to that touch all the same.
        String before = "maybe-" + UUID.randomUUID().toString().substring(0, 8);
        String after = "maybe-" + UUID.randomUUID().toString().substring(0, 8);
        String beforeId = "<" + UUID.randomUUID() + "@touchflow.local>";
        String afterId = "<" + UUID.randomUUID() + "@touchflow.local>";
        UUID beforeEnrollment = UUID.randomUUID();
        UUID afterEnrollment = UUID.randomUUID();

        byte[] early = stopReply(before, beforeId);
        post(early, signed(early))
                .expectStatus()
                .isAccepted()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("unmatched");
        mayHaveLeft(before, beforeId, beforeEnrollment);
        mayHaveLeft(after, afterId, afterEnrollment);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> http().get()
                                .uri("/api/v1/sent-messages?message_id={id}", afterId)
                                .exchange()
                                .returnResult(String.class)
                                .getStatus()
                                .value()
                        == 200);
        byte[] late = stopReply(after, afterId);
        post(late, signed(late))
                .expectStatus()
                .isAccepted()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("classified");

        for (String contact : List.of(before, after)) {
            ReplyClassified published = await().atMost(Duration.ofSeconds(30))
                    .until(() -> classified(contact), list -> !list.isEmpty())
                    .get(0);
            assertThat(published.getLabel()).isEqualTo("unsubscribe");
            assertThat(published.getEnrollmentId())
                    .isEqualTo((contact.equals(before) ? beforeEnrollment : afterEnrollment).toString());
        }
        // a failure that could not have left (refused, given up) is no touch a reply answers
        String refusedId = "<" + UUID.randomUUID() + "@touchflow.local>";
        publishSent(
                after,
                TouchFailed.newBuilder()
                        .setSendId(UUID.randomUUID().toString())
                        .setDraftId(UUID.randomUUID().toString())
                        .setEnrollmentId(afterEnrollment.toString())
                        .setStepNumber(2)
                        .setReason("550 no such user")
                        .setPermanent(true)
                        .setMessageId(refusedId)
                        .setCampaignSlug("b2bea_membership_close")
                        .setToId(after + "@acme.example")
                        .setAt(Instant.now())
                        .build());
        String witness = "<" + UUID.randomUUID() + "@touchflow.local>";
        mayHaveLeft(after, witness, afterEnrollment);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> http().get()
                                .uri("/api/v1/sent-messages?message_id={id}", witness)
                                .exchange()
                                .returnResult(String.class)
                                .getStatus()
                                .value()
                        == 200);
        http().get()
                .uri("/api/v1/sent-messages?message_id={id}", refusedId)
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    private byte[] stopReply(String contact, String inReplyTo) {
        return json.writeValueAsBytes(Map.of(
                "from",
                contact + "@acme.example",
                "subject",
                "Re: An idea",
                "date",
                Instant.now().toString(),
                "text",
                "Please remove me from your list.",
                "headers",
                Map.of("Message-ID", "<stop-" + contact + "@acme.example>", "In-Reply-To", inReplyTo)));
    }

    private void mayHaveLeft(String contact, String messageId, UUID enrollment) {
        publishSent(
                contact,
                TouchFailed.newBuilder()
                        .setSendId(UUID.randomUUID().toString())
                        .setDraftId(UUID.randomUUID().toString())
                        .setEnrollmentId(enrollment.toString())
                        .setStepNumber(2)
                        .setReason("interrupted while handing the message to the server; not resent automatically")
                        .setPermanent(false)
                        .setMayHaveLeft(true)
                        .setCampaignSlug("b2bea_membership_close")
                        .setChannel("email")
                        .setMessageId(messageId)
                        .setFromAddress("justin@b2bea.example")
                        .setToId(contact + "@acme.example")
                        .setAt(Instant.now().minusSeconds(5))
                        .build());
    }

    @Test
    void classifyAnswersWithoutStoringAnything() {
        long before = count("true");
        http().post()
                .uri("/api/v1/classify")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "from",
                        "ben@acme.example",
                        "subject",
                        "Re: hello",
                        "headers",
                        Map.of(),
                        "body",
                        "Stop emailing me.",
                        "received_at",
                        "2026-03-04T09:12:00+01:00"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.label")
                .isEqualTo("unsubscribe")
                .jsonPath("$.confidence")
                .isEqualTo(0.95);
        http().post()
                .uri("/api/v1/classify")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "from",
                        "ann@acme.example",
                        "subject",
                        "Re: hello",
                        "headers",
                        Map.of("Auto-Submitted", "auto-replied"),
                        "body",
                        "I am on annual leave until 16 March.",
                        "received_at",
                        "2026-03-04T09:12:00+01:00"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.label")
                .isEqualTo("out_of_office")
                .jsonPath("$.return_date")
                .isEqualTo("2026-03-16");
        // A Date header without a zone is taken as UTC, never refused
        http().post()
                .uri("/api/v1/classify")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "from",
                        "ann@acme.example",
                        "subject",
                        "Re: hello",
                        "headers",
                        Map.of("Auto-Submitted", "auto-replied"),
                        "body",
                        "I am on annual leave until 16 March.",
                        "received_at",
                        "2026-03-04T09:12:00"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.label")
                .isEqualTo("out_of_office")
                .jsonPath("$.return_date")
                .isEqualTo("2026-03-16");
        // A date that is not a date is the caller's mistake, named, never a 500
        http().post()
                .uri("/api/v1/classify")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("from", "ann@acme.example", "body", "hello", "received_at", "yesterday-ish"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("received_at");
        assertThat(count("true")).isEqualTo(before);
    }

    private List<ReplyClassified> classified(String contact) {
        AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();
        return kafka.readAll(Topics.REPLY_CLASSIFIED, r -> ("b2bea:" + contact).equals(r.key())).stream()
                .map(r -> (ReplyClassified) avro.deserialize(Topics.REPLY_CLASSIFIED, r.value()))
                .toList();
    }

    private String[] signed(byte[] body) {
        long now = Instant.now().getEpochSecond();
        return new String[] {String.valueOf(now), WebhookSignatures.sign(SECRET, "b2bea", now, body)};
    }

    private WebTestClient.ResponseSpec post(byte[] body, String[] signature) {
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

    private WebTestClient http() {
        return HttpClients.client(port);
    }

    private List<Map<?, ?>> replies(String status) {
        return http()
                .get()
                .uri(status == null ? "/api/v1/replies?limit=500" : "/api/v1/replies?status=" + status + "&limit=500")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBodyList(Map.class)
                .returnResult()
                .getResponseBody()
                .stream()
                .<Map<?, ?>>map(r -> r)
                .toList();
    }

    private long count(String where) {
        return db.sql("SELECT count(*) AS n FROM received_messages WHERE " + where)
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }

    /** A touch dispatch sent to a new contact, once the sent-message index knows it. */
    private record Touch(String contact, String messageId, UUID enrollment) {}

    private Touch sentTouch() {
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

    private void sent(String contact, String messageId, UUID enrollment) {
        publishSent(contact, touchSent(contact, messageId, enrollment));
    }

    private static TouchSent touchSent(String contact, String messageId, UUID enrollment) {
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

    private void publishSent(String contact, Object payload) {
        DispatchEvent event = dispatchEvent(contact, payload);
        EventHeader header = event.getHeader();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                Topics.SENT, "b2bea:" + contact, new AvroSingleObjectSerializer().serialize(Topics.SENT, event));
        EventHeaders.write(record.headers(), EventHeaders.ID, header.getEventId());
        kafka.send(record);
    }

    private static DispatchEvent dispatchEvent(String contact, Object payload) {
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
