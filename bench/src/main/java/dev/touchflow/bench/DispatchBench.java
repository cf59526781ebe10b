package dev.touchflow.bench;

import dev.touchflow.dispatch.DispatchApplication;
import dev.touchflow.embedded.FreePorts;
import dev.touchflow.embedded.IssuerKeys;
import dev.touchflow.embedded.KraftBroker;
import dev.touchflow.embedded.MailSink;
import dev.touchflow.embedded.PostgresServer;
import dev.touchflow.embedded.ScratchDirectory;
import dev.touchflow.platform.approval.Approval;
import dev.touchflow.platform.approval.ApprovalKeys;
import dev.touchflow.platform.kafka.EventHeaders;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.dispatch.DispatchEvent;
import dev.touchflow.schemas.dispatch.TouchSent;
import dev.touchflow.schemas.drafting.ApprovalEvent;
import dev.touchflow.schemas.drafting.DraftApproved;
import dev.touchflow.schemas.serde.AvroSingleObjectDeserializer;
import dev.touchflow.schemas.serde.AvroSingleObjectSerializer;
import dev.touchflow.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./touchflow bench dispatch}: the real dispatch-service on the embedded PostgreSQL, Kafka and
 * SMTP sink, with the undo window at 0. Publishes N approvals at once and measures how fast they are
 * accepted by the SMTP server, and each one's time from approval to acceptance. Prints one JSON object.
 */
public final class DispatchBench {

    private DispatchBench() {}

    public static void main(String[] args) throws Exception {
        int messages = 2000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!"--messages".equals(args[i])) {
                throw new IllegalArgumentException("usage: bench dispatch [--messages N]");
            }
            messages = Integer.parseInt(args[i + 1]);
        }
        System.out.println(run(messages));
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
        return new SpringApplicationBuilder(DispatchApplication.class)
                .registerShutdownHook(false)
                .run(
                        "--spring.config.name=dispatch-service",
                        "--server.port=0",
                        "--spring.main.banner-mode=off",
                        "--spring.main.log-startup-info=false",
                        "--logging.level.root=WARN",
                        "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                        "--spring.r2dbc.url=" + postgres.r2dbcUrl("bench_dispatch"),
                        "--spring.r2dbc.username=postgres",
                        "--spring.flyway.url=" + postgres.jdbcUrl("bench_dispatch"),
                        "--spring.flyway.user=postgres",
                        "--spring.mail.port=" + smtp.smtpPort(),
                        "--touchflow.dispatch.undo-window=0s",
                        "--touchflow.dispatch.poll-interval=10ms",
                        "--touchflow.dispatch.token-secret=bench-secret-0123456789",
                        "--touchflow.dispatch.mailboxes.justin-b2bea.daily-limit=100000000",
                        "--touchflow.dispatch.mailboxes.justin-b2bea.rate-per-second=100000",
                        "--touchflow.dispatch.mailboxes.justin-b2bea.min-gap=0s",
                        "--touchflow.dispatch.mailboxes.justin-b2bea.jitter=0s",
                        "--touchflow.platform.outbox.poll-interval=10ms",
                        "--touchflow.security.jwk-set=" + IssuerKeys.generate().publicJwkSet(),
                        "--touchflow.security.issuer=https://bench.invalid",
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
                EventHeader header = EventHeader.newBuilder()
                        .setEventId(UUID.randomUUID().toString())
                        .setOccurredAt(now)
                        .setClientId("b2bea")
                        .setContactId(contact)
                        .setCorrelationId(contact)
                        .setCausationId(null)
                        .setProducer("bench")
                        .build();
                DraftApproved approved = DraftApproved.newBuilder()
                        .setDraftId(draftId)
                        .setEnrollmentId(UUID.randomUUID().toString())
                        .setCampaignSlug("b2bea_membership_close")
                        .setCampaignVersion(1)
                        .setStepNumber(1)
                        .setChannel("email")
                        .setToId(contact + "@acme.example")
                        .setContactName("Bench " + i)
                        .setSubject("Following up")
                        .setBody("Hi,\n\nas promised.")
                        .setContentHash(Approval.contentHash("Following up", "Hi,\n\nas promised."))
                        .setApprovedBy("bench")
                        .setApprovedAt(now)
                        .setRequiresPersonalSend(false)
                        .setSigningKeyId("bench")
                        .build();
                approved.setSignature(ByteBuffer.wrap(ApprovalKeys.sign(
                        Approval.of(approved, header, approved.getContentHash()), APPROVALS.getPrivate())));
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                        Topics.APPROVED,
                        "b2bea:" + contact,
                        avro.serialize(
                                Topics.APPROVED,
                                ApprovalEvent.newBuilder()
                                        .setHeader(header)
                                        .setPayload(approved)
                                        .build()));
                EventHeaders.write(record.headers(), EventHeaders.ID, header.getEventId());
                producer.send(record);
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
