package dev.touchflow.console.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.console.ConsoleOnTheBroker;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.testkit.ConsumerLag;
import dev.touchflow.testkit.KafkaProbe;
import dev.touchflow.testkit.TestInfrastructure;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Every service's dead letters on the real broker and database, as the dead-letter screen reads them: where
 * each came from and why (the recoverer's headers), whose (the client its key names), what it said (text, or
 * a binary record by its size), each only to its client's people; a replay from offset 0 adds nothing.
 */
class DeadLettersIT extends ConsoleOnTheBroker {

    private static final String MEETINGS = Topics.deadLetter(Topics.MEETING_BOOKED, "enrollment-service");
    private static final String APPROVALS = Topics.deadLetter(Topics.APPROVED, "dispatch-service");
    private static final String SENT = Topics.deadLetter(Topics.SENT, "reply-classifier-service");

    @Autowired
    DeadLetters deadLetters;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void eachDeadLetterIsShownWithItsOriginAndReasonToItsClientsPeopleAndAReplayAddsNothing() {
        String mine = "dl-" + UUID.randomUUID().toString().substring(0, 8);
        String theirs = "dl-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaProbe kafka = KafkaProbe.onTestBroker();
        // JSON that enrollment-service refused, Avro that dispatch-service could not decode, and a record
        // with neither a Touchflow key nor the recoverer's headers
        kafka.send(deadLetter(
                MEETINGS,
                mine + ":dana",
                "{\"contact\": {\"first_name\": \"Dana\"}}".getBytes(StandardCharsets.UTF_8),
                Topics.MEETING_BOOKED,
                "meeting_booked lacks required field contact.email"));
        kafka.send(deadLetter(
                APPROVALS,
                theirs + ":ravi",
                new byte[] {0, 2, (byte) 0xC3, 0x28, 7},
                Topics.APPROVED,
                "undecodable Avro"));
        // a key and a reason with a NUL, which PostgreSQL's text cannot hold
        String nul = "dl-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.send(
                deadLetter(MEETINGS, nul + ":a\u0000b", new byte[] {'{', '}'}, Topics.MEETING_BOOKED, "half\u0000way"));
        String stray = "stray-" + mine;
        kafka.send(new ProducerRecord<>(SENT, null, stray.getBytes(StandardCharsets.UTF_8)));

        // Then a person of one client sees only that client's, with where it came from and why
        DeadLetter shown = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> deadLetters
                                .latest(List.of(mine), null, 100)
                                .collectList()
                                .block(),
                        l -> !l.isEmpty())
                .get(0);
        assertThat(shown.originalTopic()).isEqualTo(Topics.MEETING_BOOKED);
        assertThat(shown.originalPartition()).isEqualTo(2);
        assertThat(shown.originalOffset()).isEqualTo(41L);
        assertThat(shown.consumerGroup()).isEqualTo("enrollment-service");
        assertThat(shown.clientId()).isEqualTo(mine);
        assertThat(shown.reason()).isEqualTo("meeting_booked lacks required field contact.email");
        assertThat(shown.exception()).isEqualTo("dev.touchflow.platform.fault.InvalidEventException");
        assertThat(shown.preview()).isEqualTo("{\"contact\": {\"first_name\": \"Dana\"}}");
        assertThat(deadLetters.latest(List.of(mine), null, 100).collectList().block())
                .hasSize(1);
        assertThat(deadLetters.piles(List.of(mine)).collectList().block())
                .singleElement()
                .satisfies(pile -> {
                    assertThat(pile.originalTopic()).isEqualTo(Topics.MEETING_BOOKED);
                    assertThat(pile.count()).isEqualTo(1);
                    assertThat(pile.latestReason()).isEqualTo(shown.reason());
                });
        DeadLetter binary = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> deadLetters
                                .latest(List.of(theirs), null, 100)
                                .collectList()
                                .block(),
                        l -> !l.isEmpty())
                .get(0);
        assertThat(binary.preview()).isEqualTo("(binary, 5 bytes)");
        assertThat(binary.originalTopic()).isEqualTo(Topics.APPROVED);

        DeadLetter withNul = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> deadLetters
                                .latest(List.of(nul), null, 100)
                                .collectList()
                                .block(),
                        l -> !l.isEmpty())
                .get(0);
        assertThat(withNul.key()).isEqualTo(nul + ":a\uFFFDb");
        assertThat(withNul.reason()).isEqualTo("half\uFFFDway");

        // and one whose owner cannot be told only to a person of every client, its origin read from its topic
        DeadLetter unowned = await().atMost(Duration.ofSeconds(30))
                .until(() -> strays(stray), l -> !l.isEmpty())
                .get(0);
        assertThat(unowned.clientId()).isNull();
        assertThat(unowned.originalTopic()).isEqualTo(Topics.SENT);
        assertThat(unowned.consumerGroup()).isEqualTo("reply-classifier-service");
        assertThat(unowned.reason()).isEqualTo("no reason given");

        // Replayed from offset 0: nothing more
        // (the whole group stopped: its offsets move only once it has no member)
        listeners.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> !listeners.isRunning() && kafka.idle("console"));
        List.of(MEETINGS, APPROVALS, SENT).forEach(topic -> kafka.rewind("console", topic));
        ConsumerLag lag = new ConsumerLag(TestInfrastructure.get().bootstrapServers());
        assertThat(lag.of(List.of("console"))).isPositive();
        listeners.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> lag.of(List.of("console")) == 0);
        assertThat(deadLetters
                        .latest(List.of(mine, theirs), null, 100)
                        .collectList()
                        .block())
                .hasSize(2);
        assertThat(strays(stray)).hasSize(1);
    }

    private List<DeadLetter> strays(String value) {
        return deadLetters
                .latest(null, Topics.SENT, 500)
                .filter(l -> l.preview().equals(value))
                .collectList()
                .block();
    }

    private static ProducerRecord<String, byte[]> deadLetter(
            String topic, String key, byte[] value, String original, String reason) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        record.headers()
                .add(KafkaHeaders.DLT_ORIGINAL_TOPIC, original.getBytes(StandardCharsets.UTF_8))
                .add(
                        KafkaHeaders.DLT_ORIGINAL_PARTITION,
                        ByteBuffer.allocate(4).putInt(2).array())
                .add(
                        KafkaHeaders.DLT_ORIGINAL_OFFSET,
                        ByteBuffer.allocate(8).putLong(41).array())
                .add(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP, topic.split("\\.")[2].getBytes(StandardCharsets.UTF_8))
                .add(
                        KafkaHeaders.DLT_EXCEPTION_FQCN,
                        "org.springframework.kafka.listener.ListenerExecutionFailedException"
                                .getBytes(StandardCharsets.UTF_8))
                .add(
                        KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN,
                        "dev.touchflow.platform.fault.InvalidEventException".getBytes(StandardCharsets.UTF_8))
                .add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, reason.getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
