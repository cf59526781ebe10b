package dev.touchflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.inbox.Inbox;
import dev.touchflow.platform.inbox.InboxConsumer;
import dev.touchflow.platform.kafka.EventHeaders;
import dev.touchflow.platform.outbox.OutboundEvent;
import dev.touchflow.platform.outbox.OutboxRelay;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.platform.properties.PlatformProperties;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.sequencer.SequenceExhausted;
import dev.touchflow.schemas.serde.AvroSingleObjectSerializer;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.testkit.KafkaProbe;
import dev.touchflow.testkit.ServiceUnderTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

@SpringBootTest(properties = {"spring.application.name=platform-test", "spring.flyway.locations=classpath:db/platform"})
class OutboxAndInboxIT {

    @Autowired
    OutboxWriter outbox;

    @Autowired
    Inbox inbox;

    @Autowired
    InboxConsumer inboxConsumer;

    @Autowired
    MeterRegistry meters;

    @Autowired
    EventMetadata metadata;

    @Autowired
    TransactionalOperator transactions;

    @Autowired
    DatabaseClient db;

    @Autowired
    KafkaTemplate<String, byte[]> kafkaTemplate;

    @Autowired
    PlatformProperties properties;

    @Autowired
    OutboxRelay relay;

    private final KafkaProbe kafka = KafkaProbe.onTestBroker();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceUnderTest.register(registry, "platform");
    }

    @Test
    void theOutboxRefusesToWriteOutsideATransaction() {
        StepVerifier.create(outbox.append(event("outside", 1)))
                .expectError(IllegalTransactionStateException.class)
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void eventsCommittedTogetherArePublishedInOrderWithTheirHeadersAndMarked() {
        String contact = "c-" + UUID.randomUUID();
        List<OutboundEvent> events = IntStream.rangeClosed(1, 20)
                .mapToObj(step -> event(contact, step))
                .toList();

        transactions.transactional(outbox.appendAll(events)).block(Duration.ofSeconds(10));

        List<ConsumerRecord<String, byte[]>> published = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> kafka.readAll(Topics.SEQUENCE_EXHAUSTED, r -> ("b2bea:" + contact).equals(r.key())),
                        r -> r.size() == 20);
        assertThat(kafka.decoded(Topics.SEQUENCE_EXHAUSTED, "b2bea:" + contact, SequenceExhausted.class))
                .extracting(SequenceExhausted::getLastStep)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 20).boxed().toList());
        ConsumerRecord<String, byte[]> first = published.get(0);
        assertThat(EventHeaders.read(first.headers(), EventHeaders.ID))
                .contains(events.get(0).header().getEventId());
        assertThat(EventHeaders.read(first.headers(), EventHeaders.TYPE)).contains("dev.touchflow.SequenceExhausted");
        assertThat(EventHeaders.read(first.headers(), EventHeaders.SOURCE)).contains("/touchflow/platform-test");
        await().atMost(Duration.ofSeconds(30)).until(() -> unpublished(contact) == 0);
    }

    @Test
    void aRolledBackTransactionPublishesNothing() {
        String contact = "rolled-" + UUID.randomUUID();

        StepVerifier.create(transactions.transactional(
                        outbox.append(event(contact, 1)).then(Mono.error(new IllegalStateException("effect failed")))))
                .expectErrorMessage("effect failed")
                .verify(Duration.ofSeconds(10));

        assertThat(db.sql("SELECT count(*) AS n FROM outbox WHERE record_key = :key")
                        .bind("key", "b2bea:" + contact)
                        .map(row -> row.get("n", Long.class))
                        .one()
                        .block())
                .isZero();
    }

    @Test
    void aSecondRelayWaitsWhileTheFirstHoldsTheLease() {
        String contact = "lease-" + UUID.randomUUID();
        OutboxRelay second = new OutboxRelay(db, kafkaTemplate, outbox, properties, "platform-test");
        transactions.transactional(outbox.append(event(contact, 1))).block(Duration.ofSeconds(10));

        // The running relay renews its lease before half of it has passed, so the second instance publishes nothing
        assertThat(Flux.range(0, 5)
                        .concatMap(i -> second.relayOnce())
                        .reduce(0, Integer::sum)
                        .block())
                .isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> unpublished(contact) == 0);
    }

    @Test
    void aRelayWithZeroRetentionFirstDeletesRowsAnEarlierRetentionKeptAsPublishedAndNeverSendsThemAgain() {
        // Given the context's relay stopped, and a contact's two events, the first published and kept by a 7-day
        // retention
        String contact = "switch-" + UUID.randomUUID();
        relay.stop();
        try {
            List<OutboundEvent> events = List.of(event(contact, 1), event(contact, 2));
            transactions.transactional(outbox.appendAll(events)).block(Duration.ofSeconds(10));
            db.sql("UPDATE outbox SET published_at = now() WHERE event_id = :id")
                    .bind("id", events.get(0).header().getEventId())
                    .then()
                    .block();
            expireTheLease();

            // When the service restarts with a zero retention and its relay runs a round
            PlatformProperties.Outbox zero = properties.outbox();
            PlatformProperties deleting = new PlatformProperties(
                    properties.partitions(),
                    properties.replicationFactor(),
                    properties.valueSerializer(),
                    properties.valueDeserializer(),
                    properties.serdeConfig(),
                    new PlatformProperties.Outbox(
                            zero.pollInterval(),
                            zero.batchSize(),
                            zero.lease(),
                            Duration.ZERO,
                            zero.rescanInterval(),
                            zero.staleAfter(),
                            zero.idlePollInterval()),
                    properties.consumer(),
                    properties.inboxRetention(),
                    properties.idleInTransactionTimeout(),
                    properties.transactionTimeout(),
                    properties.statementTimeout());
            new OutboxRelay(db, kafkaTemplate, outbox, deleting, "platform-test")
                    .relayOnce()
                    .block(Duration.ofSeconds(30));

            // Then only the unpublished event was sent, and the outbox keeps no published row
            assertThat(kafka.readAll(Topics.SEQUENCE_EXHAUSTED, r -> ("b2bea:" + contact).equals(r.key())))
                    .extracting(
                            r -> EventHeaders.read(r.headers(), EventHeaders.ID).orElseThrow())
                    .containsExactly(events.get(1).header().getEventId());
            assertThat(db.sql("SELECT count(*) AS n FROM outbox WHERE record_key = :key OR published_at IS NOT NULL")
                            .bind("key", "b2bea:" + contact)
                            .map(row -> row.get("n", Long.class))
                            .one()
                            .block())
                    .isZero();
        } finally {
            expireTheLease();
            relay.start();
        }
    }

    private void expireTheLease() {
        db.sql("UPDATE outbox_lease SET expires_at = now() - interval '1 second'")
                .then()
                .block();
    }

    @Test
    void theInboxClaimsAnEventIdOnceAndTheClaimRollsBackWithTheEffect() {
        String eventId = UUID.randomUUID().toString();

        StepVerifier.create(transactions.transactional(
                        inbox.claim("topic-a", eventId).then(Mono.error(new IllegalStateException("effect failed")))))
                .expectError(IllegalStateException.class)
                .verify(Duration.ofSeconds(10));
        assertThat(transactions.transactional(inbox.claim("topic-a", eventId)).block())
                .isTrue();
        assertThat(transactions.transactional(inbox.claim("topic-a", eventId)).block())
                .isFalse();
        assertThat(transactions.transactional(inbox.claim("topic-b", eventId)).block())
                .isTrue();
    }

    @Test
    void aRowTheBrokerRefusesForGoodIsQuarantinedWithTheReasonAndTheRestIsPublished() {
        String contact = "c-" + UUID.randomUUID();
        String tooLarge = UUID.randomUUID().toString();
        // Given a row larger than any record the producer may send, and an event of the same contact after it
        db.sql("""
                INSERT INTO outbox (event_id, topic, record_key, event_type, payload, occurred_at)
                VALUES (:eventId, :topic, :key, 'SequenceExhausted', :payload, now())""")
                .bind("eventId", tooLarge)
                .bind("topic", Topics.SEQUENCE_EXHAUSTED)
                .bind("key", "b2bea:" + contact)
                .bind("payload", new byte[2 * 1024 * 1024])
                .then()
                .block();
        transactions.transactional(outbox.append(event(contact, 2))).block(Duration.ofSeconds(10));

        // Then the event after it is published, and the refused row waits aside with the broker's reason
        await().atMost(Duration.ofSeconds(30))
                .until(() -> kafka.readAll(Topics.SEQUENCE_EXHAUSTED, r -> ("b2bea:" + contact).equals(r.key()))
                                .size()
                        == 1);
        assertThat(db.sql("SELECT reason FROM outbox_quarantine WHERE event_id = :id")
                        .bind("id", tooLarge)
                        .map(row -> row.get("reason", String.class))
                        .one()
                        .block())
                .contains("RecordTooLargeException");
        assertThat(db.sql("SELECT count(*) AS n FROM outbox WHERE event_id = :id")
                        .bind("id", tooLarge)
                        .map(row -> row.get("n", Long.class))
                        .one()
                        .block())
                .isZero();
    }

    @Test
    void aBatchForTopicsTheProducerHasNotSeenIsPublishedWithoutWaitingOnItsOwnIoThread() {
        // Given two topics this producer has never sent to, and one batch: a row for the first, five for the second
        String first = "platform-test.fresh-" + UUID.randomUUID();
        String second = "platform-test.fresh-" + UUID.randomUUID();
        kafka.createTopic(first);
        kafka.createTopic(second);
        String contact = "fresh-" + UUID.randomUUID();
        List<OutboundEvent> events = IntStream.rangeClosed(1, 6)
                .mapToObj(step -> {
                    OutboundEvent event = event(contact, step);
                    return new OutboundEvent(
                            step == 1 ? first : second, event.key(), event.header(), event.type(), event.record());
                })
                .toList();

        transactions.transactional(outbox.appendAll(events)).block(Duration.ofSeconds(10));

        // Then all of them are published at once. A record handed to the producer from the callback of the first
        // one's acknowledgement waited there for metadata only that thread fetches: 10 s (max.block.ms) each
        await().atMost(Duration.ofSeconds(30)).until(() -> unpublished(contact) == 0);
        assertThat(kafka.readAll(second, r -> ("b2bea:" + contact).equals(r.key())))
                .hasSize(5);
    }

    @Test
    void twoListenersOfOneTopicEachApplyAnEventOnce() {
        OutboundEvent event = event("c-" + UUID.randomUUID(), 1);
        ConsumerRecord<String, byte[]> record = consumed(event);
        List<String> applied = new CopyOnWriteArrayList<>();

        for (String listener : List.of("service.exit-router", "service.exit-counter", "service.exit-router")) {
            inboxConsumer.consumeAll(
                    listener,
                    List.of(record),
                    SequenceExhausted.class,
                    exhausted -> Mono.fromRunnable(() -> applied.add(listener)));
        }

        assertThat(applied).containsExactly("service.exit-router", "service.exit-counter");
    }

    @Test
    void anEventTheListenerIsNotConcernedWithPassesWithoutAClaim() {
        OutboundEvent event = event("c-" + UUID.randomUUID(), 1);
        ConsumerRecord<String, byte[]> record = consumed(event);
        List<String> applied = new CopyOnWriteArrayList<>();

        inboxConsumer.consumeAll(
                "service.pauses",
                List.of(record),
                SequenceExhausted.class,
                exhausted -> false,
                exhausted -> Mono.fromRunnable(() -> applied.add("ignored")));
        inboxConsumer.consumeAll(
                "service.exits",
                List.of(record),
                SequenceExhausted.class,
                exhausted -> true,
                exhausted -> Mono.fromRunnable(() -> applied.add("concerned")));

        assertThat(applied).containsExactly("concerned");
        // nothing remembered for the listener that let it pass: a later version that does act on it still can
        assertThat(transactions
                        .transactional(
                                inbox.claim("service.pauses", event.header().getEventId()))
                        .block())
                .isTrue();
        assertThat(transactions
                        .transactional(
                                inbox.claim("service.exits", event.header().getEventId()))
                        .block())
                .isFalse();
    }

    @Test
    void aBatchIsAppliedInOneTransactionInOrderOncePerEventIdAndNotAgainWhenReplayed() {
        List<OutboundEvent> events = IntStream.range(0, 4)
                .mapToObj(i -> event("c-" + UUID.randomUUID(), i))
                .toList();
        List<ConsumerRecord<String, byte[]>> records =
                new ArrayList<>(events.stream().map(OutboxAndInboxIT::consumed).toList());
        records.add(2, consumed(events.get(1))); // delivered twice in one poll
        List<Integer> applied = new CopyOnWriteArrayList<>();
        Set<Long> transactionIds = ConcurrentHashMap.newKeySet();

        inboxConsumer.consumeAll(
                "service.batch",
                records,
                SequenceExhausted.class,
                exhausted -> db.sql("SELECT txid_current() AS tx")
                        .map(row -> row.get("tx", Long.class))
                        .one()
                        .doOnNext(transactionIds::add)
                        .doOnNext(tx -> applied.add(exhausted.getLastStep())));
        inboxConsumer.consumeAll(
                "service.batch",
                records,
                SequenceExhausted.class,
                exhausted -> Mono.fromRunnable(() -> applied.add(-1)));

        assertThat(applied).containsExactly(0, 1, 2, 3);
        assertThat(transactionIds).hasSize(1);
    }

    @Test
    void anEventWhoseEffectFailsIsFoundAloneAndDeadLetteredAndTheOthersAreAppliedOnce() {
        List<OutboundEvent> events = IntStream.range(0, 5)
                .mapToObj(i -> event("c-" + UUID.randomUUID(), i))
                .toList();
        List<ConsumerRecord<String, byte[]>> records =
                events.stream().map(OutboxAndInboxIT::consumed).toList();
        double deadBefore = deadLetters();

        inboxConsumer.consumeAll(
                "service.failing",
                records,
                SequenceExhausted.class,
                exhausted -> exhausted.getLastStep() == 2
                        ? Mono.error(new IllegalArgumentException("step 2 is not for this listener"))
                        : Mono.empty());

        // the failing one is dead-lettered on the spot and never claimed; every other one is applied
        assertThat(deadLetters()).isEqualTo(deadBefore + 1);
        assertThat(events.stream()
                        .map(event -> transactions
                                .transactional(inbox.claim(
                                        "service.failing", event.header().getEventId()))
                                .block())
                        .toList())
                .containsExactly(false, false, true, false, false);
    }

    @Test
    void aDependencyFailingInABatchFailsAtItsIndexAfterTheEventsBeforeItAreApplied() {
        List<OutboundEvent> events = IntStream.range(0, 4)
                .mapToObj(i -> event("c-" + UUID.randomUUID(), i))
                .toList();
        List<ConsumerRecord<String, byte[]>> records =
                events.stream().map(OutboxAndInboxIT::consumed).toList();
        double deadBefore = deadLetters();

        assertThatThrownBy(() -> inboxConsumer.consumeAll(
                        "service.waiting",
                        records,
                        SequenceExhausted.class,
                        exhausted -> exhausted.getLastStep() == 2
                                ? Mono.error(new TransientDataAccessResourceException("the database is down"))
                                : Mono.empty()))
                .isInstanceOfSatisfying(
                        BatchListenerFailedException.class,
                        failed -> assertThat(failed.getIndex()).isEqualTo(2))
                .hasRootCauseMessage("the database is down");

        // the two before it committed on their own; it and those after it wait for the error handler's retry
        assertThat(deadLetters()).isEqualTo(deadBefore);
        assertThat(events.stream()
                        .map(event -> transactions
                                .transactional(inbox.claim(
                                        "service.waiting", event.header().getEventId()))
                                .block())
                        .toList())
                .containsExactly(false, false, true, true);
    }

    @Test
    void anUndecodableRecordInABatchIsDeadLetteredAndTheEventsAroundItAreApplied() {
        OutboundEvent event = event("c-" + UUID.randomUUID(), 1);
        OutboundEvent after = event("c-" + UUID.randomUUID(), 2);
        ConsumerRecord<String, byte[]> garbage =
                new ConsumerRecord<>(Topics.SEQUENCE_EXHAUSTED, 0, 1L, "b2bea:c", new byte[] {1, 2, 3});
        EventHeaders.write(garbage.headers(), EventHeaders.ID, UUID.randomUUID().toString());
        List<String> applied = new CopyOnWriteArrayList<>();
        double deadBefore = deadLetters();

        inboxConsumer.consumeAll(
                "service.decoding",
                List.of(consumed(event), garbage, consumed(after)),
                SequenceExhausted.class,
                exhausted -> Mono.fromRunnable(() -> applied.add(exhausted.getEnrollmentId())));

        assertThat(deadLetters()).isEqualTo(deadBefore + 1);
        assertThat(applied)
                .containsExactly(
                        ((SequenceExhausted) event.record()).getEnrollmentId(),
                        ((SequenceExhausted) after.record()).getEnrollmentId());
    }

    private double deadLetters() {
        Counter counter = meters.find("touchflow.dead.letters")
                .tag("topic", Topics.SEQUENCE_EXHAUSTED)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void theInboxForgetsOnlyTheIdsProcessedBeforeTheCutoff() {
        String old = UUID.randomUUID().toString();
        String recent = UUID.randomUUID().toString();
        db.sql(
                        "INSERT INTO inbox (consumer, event_id, processed_at) VALUES ('listener', :old, now() - interval '40 days'),"
                                + " ('listener', :recent, now() - interval '1 day')")
                .bind("old", old)
                .bind("recent", recent)
                .then()
                .block();

        assertThat(inbox.prune(Instant.now().minus(Duration.ofDays(30))).block())
                .isGreaterThanOrEqualTo(1L);

        assertThat(transactions.transactional(inbox.claim("listener", old)).block())
                .isTrue();
        assertThat(transactions.transactional(inbox.claim("listener", recent)).block())
                .isFalse();
    }

    /** The event as a listener of {@code touchflow.sequence-exhausted} receives it. */
    private static ConsumerRecord<String, byte[]> consumed(OutboundEvent event) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(
                Topics.SEQUENCE_EXHAUSTED,
                0,
                0L,
                "b2bea:c",
                new AvroSingleObjectSerializer().serialize(Topics.SEQUENCE_EXHAUSTED, event.record()));
        EventHeaders.write(record.headers(), EventHeaders.ID, event.header().getEventId());
        return record;
    }

    private long unpublished(String contact) {
        return db.sql("SELECT count(*) AS n FROM outbox WHERE record_key = :key AND published_at IS NULL")
                .bind("key", "b2bea:" + contact)
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }

    private OutboundEvent event(String contact, int step) {
        EventHeader header = metadata.header("b2bea", contact, "corr-" + contact, null);
        return new OutboundEvent(
                Topics.SEQUENCE_EXHAUSTED,
                header,
                "SequenceExhausted",
                SequenceExhausted.newBuilder()
                        .setHeader(header)
                        .setEnrollmentId(UUID.randomUUID().toString())
                        .setCampaignSlug("b2bea_membership_close")
                        .setLastStep(step)
                        .build());
    }
}
