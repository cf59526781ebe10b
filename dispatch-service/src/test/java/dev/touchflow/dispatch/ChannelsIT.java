package dev.touchflow.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.schemas.dispatch.TouchSent;
import dev.touchflow.schemas.drafting.DraftApproved;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Channels beyond email: a task for a person, or a channel provider. */
class ChannelsIT extends DispatchServiceTest {

    @Test
    void aLinkedInTouchBecomesATaskAndDoneRecordsItSent() {
        String contact = contact();
        send(approval(contact, UUID.randomUUID().toString(), 4, "linkedin", "b2bea_membership_close"));
        Object id = firstSendId(contact);
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
}
