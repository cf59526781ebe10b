package dev.touchflow.replies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.schemas.replies.ReplyClassified;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** Bounces are recognised, matched by the returned original or its recipient, and carry their kind. */
class BouncesIT extends InboundServiceTest {

    @Test
    void aReplyThatMatchesNothingIsKeptAndListedAndABounceIsRecognised() {
        String stranger = "s-" + UUID.randomUUID().toString().substring(0, 8) + "@nowhere.example";
        byte[] body = reply(
                stranger, "hello?", "2026-06-02T10:00:00Z", "Who are you?", Map.of("Message-ID", "<" + stranger + ">"));
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
        Map<String, Object> bounce = bounceMessage(raw);
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
        return bounceMessage(raw);
    }

    /** The webhook's form of a mail server's report: the raw message, and its Message-ID read from it. */
    private static Map<String, Object> bounceMessage(String raw) {
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
}
