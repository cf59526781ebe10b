package dev.touchflow.replies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.touchflow.platform.security.AccessWalk;
import dev.touchflow.platform.security.ScopeWalk;
import dev.touchflow.replies.webhook.WebhookSignatures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/** A signed reply is stored once and matched to its touch; an unsigned, stale or forged one is refused; each client sees only its own. */
class WebhookIT extends InboundServiceTest {

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
        byte[] freshBody = reply(
                contact + "@acme.example",
                "pricing?",
                "2026-06-03T10:00:00Z",
                "What does membership cost?",
                Map.of("Message-ID", "<fresh-" + contact + "@acme.example>"));
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
    void everyEndpointHasARuleAndAnswersEachKindOfCallerByIt(@Autowired ApplicationContext context) {
        assertThat(AccessWalk.walk(context, port, 6)).isEmpty();
    }

    @Test
    void aReplyAndASentMessageOfOneClientAreNotFoundForAnotherClientsCallers(@Autowired ApplicationContext context) {
        // Given b2bea's sent touch and the reply to it
        Touch touch = sentTouch();
        byte[] body = reply(
                touch.contact() + "@acme.example",
                "Re: An idea",
                "2026-06-02T10:00:00Z",
                "Not now, thanks.",
                Map.of(
                        "Message-ID",
                        "<scoped-" + touch.contact() + "@acme.example>",
                        "In-Reply-To",
                        touch.messageId()));
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
}
