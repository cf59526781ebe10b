package dev.touchflow.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.engagement.Clicked;
import dev.touchflow.schemas.engagement.Opened;
import dev.touchflow.schemas.engagement.Unsubscribed;
import dev.touchflow.schemas.enrollment.Exited;
import dev.touchflow.schemas.replies.ReplyClassified;
import dev.touchflow.schemas.topics.Topics;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** What the recipient does: unsubscribing (one click, bounces) stops everything for them; opens and clicks are counted. */
class RecipientIT extends DispatchServiceTest {

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

    private ProducerRecord<String, byte[]> bounceReply(String contact, String kind, String status) {
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
}
