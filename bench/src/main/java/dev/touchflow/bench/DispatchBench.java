package dev.touchflow.bench;

import dev.touchflow.dispatch.DispatchApplication;
import dev.touchflow.embedded.FreePorts;
import dev.touchflow.embedded.IssuerKeys;
import dev.touchflow.embedded.KraftBroker;
import dev.touchflow.embedded.MailSink;
import dev.touchflow.embedded.PostgresServer;
import dev.touchflow.embedded.ScratchDirectory;
import dev.touchflow.local.CommandOptions;
import dev.touchflow.platform.approval.ApprovalKeys;
import dev.touchflow.schemas.dispatch.DispatchEvent;
import dev.touchflow.schemas.dispatch.TouchSent;
import dev.touchflow.schemas.serde.AvroSingleObjectDeserializer;
import dev.touchflow.schemas.serde.AvroSingleObjectSerializer;
import dev.touchflow.schemas.topics.Topics;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./touchflow bench dispatch}: the real dispatch-service on the embedded PostgreSQL, Kafka and
 * SMTP sink, with the undo window at 0. Publishes N approvals at once and measures how fast they are
 * accepted by the SMTP server, and each one's time from approval to acceptance. Prints one JSON object.
 */
public final class DispatchBench {

    private DispatchBench() {}

    public static void main(String[] args) throws Exception {
        long messages =
                CommandOptions.parse(List.of(args), Set.of("--messages")).whole("--messages", 2000);
        System.out.println(run(Math.toIntExact(messages)));
    }

    static String run(int messages) throws Exception {
        try (ScratchDirectory directory = ScratchDirectory.create("touchflow-bench-dispatch-");
                KraftBroker broker = KraftBroker.start(directory.resolve("kafka"), FreePorts.next(), FreePorts.next());
                PostgresServer postgres = PostgresServer.start(directory.resolve("postgres"), FreePorts.next());
                MailSink smtp = MailSink.start(null, 0, 0)) {
            postgres.ensureDatabase("bench_dispatch");
            try (ConfigurableApplicationContext dispatch = start(broker, postgres, smtp)) {
                Map<String, Instant> approvedAt = new HashMap<>();
                long start = System.nanoTime();
                publish(broker.bootstrapServers(), messages, approvedAt);
                List<Long> latencies = awaitSent(broker.bootstrapServers(), approvedAt, Duration.ofMinutes(10));
                double seconds = (System.nanoTime() - start) / 1e9;
                int accepted = smtp.greenMail().getReceivedMessages().length;
                long[] sorted =
                        latencies.stream().mapToLong(Long::longValue).sorted().toArray();
                return String.format(
                        Locale.ROOT,
                        """
                        {"messages": %d, "accepted_by_smtp": %d, "seconds": %.2f, "approved_to_accepted_per_s": %.1f, \
                        "latency_ms": {"p50": %d, "p99": %d, "max": %d}, "undo_window_s": 0}""",
                        messages,
                        accepted,
                        seconds,
                        accepted / seconds,
                        percentile(sorted, 0.50),
                        percentile(sorted, 0.99),
                        sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
            }
        }
    }

    /** The bench approves as drafting-service would: every approval signed with a key the service trusts. */
    private static final KeyPair APPROVALS = ApprovalKeys.generate();

    private static ConfigurableApplicationContext start(KraftBroker broker, PostgresServer postgres, MailSink smtp) {
        return BenchServices.start(
                DispatchApplication.class,
                "dispatch-service",
                "bench_dispatch",
                broker,
                postgres,
                IssuerKeys.generate(),
                "--spring.mail.port=" + smtp.smtpPort(),
                "--touchflow.dispatch.undo-window=0s",
                "--touchflow.dispatch.poll-interval=10ms",
                "--touchflow.dispatch.token-secret=bench-secret-0123456789",
                "--touchflow.dispatch.mailboxes.justin-b2bea.daily-limit=100000000",
                "--touchflow.dispatch.mailboxes.justin-b2bea.rate-per-second=100000",
                "--touchflow.dispatch.mailboxes.justin-b2bea.min-gap=0s",
                "--touchflow.dispatch.mailboxes.justin-b2bea.jitter=0s",
                "--touchflow.platform.outbox.poll-interval=10ms",
                "--touchflow.profile=local",
                "--touchflow.dispatch.approval-keys.bench=" + ApprovalKeys.encode(APPROVALS.getPublic()));
    }

    private static void publish(String bootstrap, int messages, Map<String, Instant> approvedAt) {
        AvroSingleObjectSerializer avro = new AvroSingleObjectSerializer();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrap, "linger.ms", 5),
                new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < messages; i++) {
                String contact = "bench-" + i;
                Instant now = Instant.now();
                String draftId = UUID.randomUUID().toString();
                approvedAt.put(draftId, now);
                producer.send(BenchApprovals.signed(avro, contact, "Bench " + i, draftId, now, APPROVALS));
            }
            producer.flush();
        }
    }

    private static List<Long> awaitSent(String bootstrap, Map<String, Instant> approvedAt, Duration timeout) {
        AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();
        List<Long> latencies = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", bootstrap, "enable.auto.commit", false, "max.poll.records", 5000),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions;
            do {
                partitions = consumer.partitionsFor(Topics.SENT).stream()
                        .map(info -> new TopicPartition(Topics.SENT, info.partition()))
                        .toList();
            } while (partitions.isEmpty());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (latencies.size() < approvedAt.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (((DispatchEvent) avro.deserialize(Topics.SENT, record.value())).getPayload()
                            instanceof TouchSent sent) {
                        Instant approved = approvedAt.get(sent.getDraftId());
                        if (approved != null) {
                            latencies.add(
                                    Duration.between(approved, sent.getSentAt()).toMillis());
                        }
                    }
                }
            }
        }
        return latencies;
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
