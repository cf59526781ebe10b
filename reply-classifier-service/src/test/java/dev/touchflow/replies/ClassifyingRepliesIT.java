package dev.touchflow.replies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.schemas.replies.ReplyClassified;
import dev.touchflow.testkit.HttpClients;
import dev.touchflow.testkit.TestIdentity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A matched reply is classified and published; an unclear one waits for a person; classify stores nothing. */
class ClassifyingRepliesIT extends InboundServiceTest {

    @Test
    void aMatchedReplyIsClassifiedAndPublishedAndAnUnclearOneWaitsForAPersonWhoseCorrectionsArePublishedToo() {
        Touch touch = sentTouch();
        String contact = touch.contact();
        String messageId = touch.messageId();
        UUID enrollment = touch.enrollment();

        byte[] stop = reply(
                contact + "@acme.example",
                "Re: An idea",
                "2026-06-02T10:00:00Z",
                "Please remove me from your list.",
                Map.of("Message-ID", "<stop-" + contact + "@acme.example>", "In-Reply-To", messageId));
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

        byte[] unclear = reply(
                contact + "@acme.example",
                "Re: An idea",
                "2026-06-03T10:00:00Z",
                "Sounds good, tell me more.",
                Map.of("Message-ID", "<unclear-" + contact + "@acme.example>", "In-Reply-To", messageId));
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
    void classifyAnswersWithoutStoringAnything() {
        long before = count("true");
        classify("ben@acme.example", Map.of(), "Stop emailing me.", "2026-03-04T09:12:00+01:00")
                .jsonPath("$.label")
                .isEqualTo("unsubscribe")
                .jsonPath("$.confidence")
                .isEqualTo(0.95);
        classify(
                        "ann@acme.example",
                        Map.of("Auto-Submitted", "auto-replied"),
                        "I am on annual leave until 16 March.",
                        "2026-03-04T09:12:00+01:00")
                .jsonPath("$.label")
                .isEqualTo("out_of_office")
                .jsonPath("$.return_date")
                .isEqualTo("2026-03-16");
        // A Date header without a zone is taken as UTC, never refused
        classify(
                        "ann@acme.example",
                        Map.of("Auto-Submitted", "auto-replied"),
                        "I am on annual leave until 16 March.",
                        "2026-03-04T09:12:00")
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

    /** Classifies one reply to "Re: hello" through the API, which answers 200 with the classification. */
    private WebTestClient.BodyContentSpec classify(
            String from, Map<String, String> headers, String body, String receivedAt) {
        return http().post()
                .uri("/api/v1/classify")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "from",
                        from,
                        "subject",
                        "Re: hello",
                        "headers",
                        headers,
                        "body",
                        body,
                        "received_at",
                        receivedAt))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody();
    }
}
