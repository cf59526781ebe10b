package dev.touchflow.bench;

import dev.touchflow.embedded.FreePorts;
import dev.touchflow.embedded.IssuerKeys;
import dev.touchflow.embedded.KraftBroker;
import dev.touchflow.embedded.PostgresServer;
import dev.touchflow.embedded.ScratchDirectory;
import dev.touchflow.enrollment.EnrollmentApplication;
import dev.touchflow.local.CommandOptions;
import dev.touchflow.local.Pause;
import dev.touchflow.schemas.topics.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./touchflow bench dead-letters}: the real enrollment-service on the embedded PostgreSQL and
 * Kafka. Publishes N invalid {@code meeting_booked} records onto one partition (one key: half not
 * JSON, half with a list where a string belongs) and a valid one behind them, and measures how fast
 * they reach the dead-letter topic and how long the valid one waited to show in the gate API. Prints
 * one JSON object.
 */
public final class DeadLetterBench {

    private DeadLetterBench() {}

    public static void main(String[] args) throws Exception {
        long records = CommandOptions.parse(List.of(args), Set.of("--records")).whole("--records", 3000);
        System.out.println(run(Math.toIntExact(records)));
    }

    static String run(int records) throws Exception {
        try (ScratchDirectory directory = ScratchDirectory.create("touchflow-bench-dlt-");
                KraftBroker broker = KraftBroker.start(directory.resolve("kafka"), FreePorts.next(), FreePorts.next());
                PostgresServer postgres = PostgresServer.start(directory.resolve("postgres"), FreePorts.next())) {
            postgres.ensureDatabase("bench_enrollment");
            IssuerKeys keys = IssuerKeys.generate();
            try (ConfigurableApplicationContext enrollment = start(broker, postgres, keys)) {
                GateApi gate = new GateApi(enrollment, keys);
                String dlt = Topics.deadLetter(Topics.MEETING_BOOKED, "enrollment-service");
                // A first valid record, so the consumer is assigned and caught up before the clock starts
                String key = "b2bea:bench-" + UUID.randomUUID();
                publish(broker.bootstrapServers(), List.of(valid("warm-up")), key);
                gate.await("warm-up", Duration.ofMinutes(2));

                List<byte[]> burst = new ArrayList<>();
                for (int i = 0; i < records; i++) {
                    burst.add(
                            (i % 2 == 0 ? "not json " + i : "{\"event_id\": [\"" + i + "\"], \"client_id\": \"b2bea\"}")
                                    .getBytes(StandardCharsets.UTF_8));
                }
                burst.add(valid("after-burst"));
                long start = System.nanoTime();
                publish(broker.bootstrapServers(), burst, key);
                long deadLettered = awaitDeadLetters(broker.bootstrapServers(), dlt, records, Duration.ofMinutes(10));
                double seconds = (System.nanoTime() - start) / 1e9;
                gate.await("after-burst", Duration.ofMinutes(10));
                double validAfter = (System.nanoTime() - start) / 1e9;
                return String.format(
                        Locale.ROOT, """
                        {"invalid_records": %d, "dead_lettered": %d, "partitions": 1, "seconds": %.2f, \
                        "dead_lettered_per_s_per_partition": %.0f, "valid_record_behind_them_applied_after_s": %.2f}""", records, deadLettered, seconds, deadLettered / seconds, validAfter);
            }
        }
    }

    private static ConfigurableApplicationContext start(KraftBroker broker, PostgresServer postgres, IssuerKeys keys) {
        return BenchServices.start(
                EnrollmentApplication.class,
                "enrollment-service",
                "bench_enrollment",
                broker,
                postgres,
                keys,
                "--logging.level.dev.touchflow.platform.kafka=OFF",
                "--touchflow.enrollment.seed=classpath:seed/spec-campaigns.json",
                "--touchflow.profile=local");
    }

    private static byte[] valid(String contact) {
        return ("""
                {"event_id": "%s", "client_id": "b2bea", "contact": {"id": "%s", "email": "%s@acme.example"}}""".formatted(UUID.randomUUID(), contact, contact)).getBytes(StandardCharsets.UTF_8);
    }

    private static void publish(String bootstrap, List<byte[]> values, String key) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrap, "linger.ms", 5),
                new StringSerializer(),
                new ByteArraySerializer())) {
            values.forEach(value -> producer.send(new ProducerRecord<>(Topics.MEETING_BOOKED, key, value)));
            producer.flush();
        }
    }

    private static long awaitDeadLetters(String bootstrap, String dlt, int expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", bootstrap, "enable.auto.commit", false),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions;
            do {
                partitions = consumer.partitionsFor(dlt).stream()
                        .map(info -> new TopicPartition(dlt, info.partition()))
                        .toList();
            } while (partitions.isEmpty() && System.nanoTime() < deadline);
            long count;
            do {
                count = consumer.endOffsets(partitions).values().stream()
                        .mapToLong(Long::longValue)
                        .sum();
            } while (count < expected && System.nanoTime() < deadline && paused());
            return count;
        }
    }

    /** The enrollment-service's gate API, as an operator of the client reads it. */
    private static final class GateApi {

        private final HttpClient http = HttpClient.newHttpClient();
        private final String base;
        private final String token;

        GateApi(ConfigurableApplicationContext enrollment, IssuerKeys keys) {
            this.base = "http://127.0.0.1:" + enrollment.getEnvironment().getProperty("local.server.port")
                    + "/api/v1/gate?limit=500&status=";
            this.token = keys.mint(
                    BenchServices.ISSUER,
                    "bench",
                    List.of("operator"),
                    List.of("b2bea"),
                    Duration.ofHours(2),
                    Clock.systemUTC());
        }

        /** Waits until a gate request (pending or routed) names this contact. */
        void await(String contact, Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (String status : List.of("pending", "routed")) {
                    HttpResponse<String> response = http.send(
                            HttpRequest.newBuilder(URI.create(base + status))
                                    .header("Authorization", "Bearer " + token)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("the gate API answered " + response.statusCode());
                    }
                    if (response.body().contains("\"" + contact + "\"")) {
                        return;
                    }
                }
                Pause.of(Duration.ofMillis(5));
            }
            throw new IllegalStateException(contact + " never became a gate request");
        }
    }

    private static boolean paused() {
        Pause.of(Duration.ofMillis(5));
        return true;
    }
}
