package dev.touchflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's parts keep their state across a stop and a start, as ./touchflow up promises. */
class EmbeddedInfrastructureTest {

    @TempDir
    Path state;

    @Test
    void theBrokerKeepsItsTopicsAndRecordsAcrossARestart() throws Exception {
        int port = FreePorts.next();
        int controllerPort = FreePorts.next();
        try (KraftBroker broker = KraftBroker.start(state.resolve("kafka"), port, controllerPort)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1)))
                        .all()
                        .get();
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            broker.bootstrapServers(),
                            ProducerConfig.ACKS_CONFIG,
                            "all"),
                    new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>("kept", "b2bea:c-1", "hello"))
                        .get();
            }
        }

        try (KraftBroker broker = KraftBroker.start(state.resolve("kafka"), port, controllerPort)) {
            assertThat(readAll(broker.bootstrapServers(), "kept")).containsExactly("b2bea:c-1=hello");
        }
    }

    @Test
    void aClusterOfThreeTakesWritesWithANodeKilledAndTheNodeComesBackWithEveryRecord() throws Exception {
        try (KraftCluster cluster = KraftCluster.start(state.resolve("cluster"), 3)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("replicated", 1, (short) 3)))
                        .all()
                        .get();
            }
            Map<String, Object> acksAll = Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    cluster.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                    60_000);
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(acksAll, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("replicated", "k", "before")).get();
                cluster.kill(1);
                // two of three replicas are min.insync.replicas: an acknowledged write still needs no third
                producer.send(new ProducerRecord<>("replicated", "k", "while-down"))
                        .get();
                cluster.restart(1);
                producer.send(new ProducerRecord<>("replicated", "k", "after")).get();
            }
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                assertThat(admin.describeCluster().nodes().get()).hasSize(3);
            }
            assertThat(readAll(cluster.bootstrapServers(), "replicated", 3))
                    .containsExactly("k=before", "k=while-down", "k=after");
        }
    }

    @Test
    void postgresKeepsItsDatabasesAcrossARestart() throws Exception {
        int port = FreePorts.next();
        try (PostgresServer postgres = PostgresServer.start(state.resolve("pg"), port)) {
            postgres.ensureDatabase("touchflow_enrollment");
            postgres.ensureDatabase("touchflow_enrollment");
        }
        try (PostgresServer postgres = PostgresServer.start(state.resolve("pg"), port);
                Connection connection = postgres.adminDataSource().getConnection();
                ResultSet found = connection
                        .createStatement()
                        .executeQuery("SELECT count(*) FROM pg_database WHERE datname = 'touchflow_enrollment'")) {
            found.next();
            assertThat(found.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void theMailSinkKeepsDeliveredMailAcrossARestart() throws Exception {
        int smtp = FreePorts.next();
        int imap = FreePorts.next();
        try (MailSink sink = MailSink.start(state.resolve("mail"), smtp, imap)) {
            send(sink, "justin@b2bea.example", "dana@acme.example", "Following up", "Hi Dana");
            assertThat(sink.inboxOf("dana@acme.example")).hasSize(1);
        }

        try (MailSink sink = MailSink.start(state.resolve("mail"), smtp, imap)) {
            List<MimeMessage> inbox = sink.inboxOf("dana@acme.example");
            assertThat(inbox).hasSize(1);
            assertThat(inbox.get(0).getSubject()).isEqualTo("Following up");
        }
    }

    @Test
    void aMailboxOpenedBeforeAnyMailLogsInOverImapAndAFirstMessageLandsInIt() throws Exception {
        try (MailSink sink = MailSink.start(state.resolve("mail"), 0, 0)) {
            Store before = Session.getInstance(new Properties()).getStore("imap");
            assertThatThrownBy(() -> before.connect(
                            "127.0.0.1", sink.imapPort(), "justin@b2bea.example", "justin@b2bea.example"))
                    .isInstanceOf(AuthenticationFailedException.class);

            sink.ensureMailbox("justin@b2bea.example");
            sink.ensureMailbox("justin@b2bea.example");

            Store store = Session.getInstance(new Properties()).getStore("imap");
            store.connect("127.0.0.1", sink.imapPort(), "justin@b2bea.example", "justin@b2bea.example");
            store.close();
            send(sink, "dana@acme.example", "justin@b2bea.example", "Re: Following up", "Yes, let's talk");
            assertThat(sink.inboxOf("justin@b2bea.example"))
                    .extracting(MimeMessage::getSubject)
                    .containsExactly("Re: Following up");
        }
    }

    private static void send(MailSink sink, String from, String to, String subject, String text) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(sink.smtpPort()));
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(from);
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        message.setText(text);
        Transport.send(message);
    }

    private static List<String> readAll(String bootstrap, String topic) {
        return readAll(bootstrap, topic, 1);
    }

    private static List<String> readAll(String bootstrap, String topic, int expected) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "probe",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.key() + "=" + record.value());
                }
            }
            return values;
        }
    }
}
