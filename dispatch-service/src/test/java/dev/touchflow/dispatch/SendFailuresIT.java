package dev.touchflow.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.schemas.dispatch.TouchFailed;
import dev.touchflow.schemas.dispatch.TouchSent;
import dev.touchflow.schemas.drafting.DraftApproved;
import dev.touchflow.testkit.DatabaseFault;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** Failures before anything left are retried; once a message may have left, it is sent or unknown, never sent twice. */
class SendFailuresIT extends DispatchServiceTest {

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
        List<String> contacts = IntStream.range(0, 8).mapToObj(i -> contact()).toList();
        provider.down();
        try {
            contacts.forEach(
                    contact -> send(approval(contact, UUID.randomUUID().toString(), 1, "email", "breaker_campaign")));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> contacts.stream().allMatch(c -> sendsOf(c).size() == 1));
            clock.advance(Duration.ofSeconds(31));

            await().atMost(Duration.ofSeconds(30)).until(() -> transport.breakerState() == CircuitBreaker.State.OPEN);
            // which the metrics say, as resilience4j's own gauge of the smtp breaker
            assertThat(meters.get("resilience4j.circuitbreaker.state")
                            .tag("name", "smtp")
                            .tag("state", "open")
                            .gauge()
                            .value())
                    .isEqualTo(1);
            int attempts = contacts.stream()
                    .mapToInt(c -> (Integer) sendsOf(c).get(0).get("attempts"))
                    .sum();
            // the breaker opens on its second failure (minimum-calls=2); by then at most one send on each
            // of the other three lanes was already on its way: never all eight
            assertThat(attempts).isBetween(1, 5);
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
        Object id = firstSendId(contact);
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
}
