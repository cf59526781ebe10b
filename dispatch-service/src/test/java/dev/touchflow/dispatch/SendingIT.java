package dev.touchflow.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.platform.kafka.EventHeaders;
import dev.touchflow.schemas.dispatch.TouchSent;
import dev.touchflow.schemas.drafting.DraftApproved;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.testkit.ConsumerLag;
import dev.touchflow.testkit.TestInfrastructure;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** An approval becomes one email, after its undo window, in its thread, from the right mailbox, within its limits. */
class SendingIT extends DispatchServiceTest {

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
        // and the metrics say the mailbox used its day
        await().atMost(Duration.ofSeconds(10))
                .until(() -> meters.get("touchflow.mailbox.sent.today")
                                .tag("mailbox", "limited")
                                .gauge()
                                .value()
                        == 2);
        assertThat(meters.get("touchflow.mailbox.daily.limit")
                        .tag("mailbox", "limited")
                        .gauge()
                        .value())
                .isEqualTo(2);

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

    /**
     * Three enrollments' sends: the end of each message is held at the relay, the sender waiting for
     * the server's answer, until all three have reached it, which only sends going out at once over
     * connections of their own can do (one at a time, the second never starts while the first waits).
     */
    @Test
    void sendsOfDifferentEnrollmentsGoOutAtOnceOverConnectionsOfTheirOwn() throws Exception {
        List<String> contacts = List.of(contact(), contact(), contact());
        Set<String> addresses =
                contacts.stream().map(DispatchServiceTest::email).collect(Collectors.toSet());
        CountDownLatch atTheEnd = new CountDownLatch(contacts.size());
        AtomicInteger heldTogether = new AtomicInteger();
        provider.beforeEndOfData(recipients -> {
            if (recipients.isEmpty() || !addresses.containsAll(recipients)) {
                return;
            }
            atTheEnd.countDown();
            try {
                if (atTheEnd.await(20, TimeUnit.SECONDS)) {
                    heldTogether.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            for (String contact : contacts) {
                send(approval(contact, UUID.randomUUID().toString(), 1, "email", "lanes_campaign"));
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> contacts.stream().allMatch(c -> sendsOf(c).size() == 1));
            clock.advance(Duration.ofSeconds(31));

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> contacts.stream()
                            .allMatch(c -> smtp.inboxOf(email(c)).size() == 1));
            assertThat(heldTogether).hasValue(contacts.size());
        } finally {
            provider.beforeEndOfData(recipients -> {});
        }
    }

    @Test
    void theSendingLoopBlocksOnAThreadOfItsOwnNotOnTheSharedScheduler() {
        assertThat(Thread.getAllStackTraces().keySet())
                .extracting(Thread::getName)
                .contains("dispatch-sending-1");
    }
}
