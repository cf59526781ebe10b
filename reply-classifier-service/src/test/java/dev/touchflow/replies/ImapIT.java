package dev.touchflow.replies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.embedded.MailSink;
import dev.touchflow.testkit.DatabaseFault;
import dev.touchflow.testkit.HttpClients;
import dev.touchflow.testkit.ServiceUnderTest;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.scheduling.config.TaskExecutionOutcome;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Replies read from a mailbox on GreenMail's IMAP server: taken in once each, in order, nothing missed.
 * The schedule polls once, two seconds after start, and then not for an hour, so a reply that arrives
 * later is read only because IMAP IDLE said it arrived.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {ReplyClassifierApplication.CONFIG_NAME, "touchflow.replies.imap.poll-interval=1h"})
class ImapIT {

    static final String MAILBOX = "replies@b2bea.example";
    static final MailSink mail = MailSink.start(null, 0, 0);

    @Autowired
    DatabaseClient db;

    @Autowired
    ScheduledTaskHolder scheduled;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceUnderTest.register(registry, "reply-classifier-service");
        mail.greenMail().setUser(MAILBOX, MAILBOX, MAILBOX);
        registry.add("touchflow.replies.imap.mailboxes[0].name", () -> "b2bea-replies");
        registry.add("touchflow.replies.imap.mailboxes[0].client", () -> "b2bea");
        registry.add("touchflow.replies.imap.mailboxes[0].host", () -> "127.0.0.1");
        registry.add("touchflow.replies.imap.mailboxes[0].port", mail::imapPort);
        registry.add("touchflow.replies.imap.mailboxes[0].username", () -> MAILBOX);
        registry.add("touchflow.replies.imap.mailboxes[0].password", () -> MAILBOX);
        registry.add("touchflow.replies.imap.max-message-bytes", () -> "20000");
        registry.add("touchflow.replies.imap.max-attempts", () -> "2");
    }

    /** The schedule's one poll (two seconds after start) has run to its end. */
    private boolean scheduledPollDone() {
        return scheduled.getScheduledTasks().stream()
                .filter(task -> task.getTask().toString().endsWith("PollingMailboxes.pollAll"))
                .anyMatch(task ->
                        task.getTask().getLastExecutionOutcome().status() == TaskExecutionOutcome.Status.SUCCESS);
    }

    @AfterAll
    static void stopMail() {
        mail.greenMail().stop();
    }

    @Test
    void theMailboxPollBlocksOnAThreadOfItsOwnNotOnTheSharedScheduler() {
        assertThat(Thread.getAllStackTraces().keySet())
                .extracting(Thread::getName)
                .contains("replies-imap-1");
    }

    @Test
    void repliesArrivingInTheMailboxAreTakenInOnceEach() throws Exception {
        String first = "<" + UUID.randomUUID() + "@acme.example>";
        String second = "<" + UUID.randomUUID() + "@acme.example>";
        deliver(first, "Out of office until Monday", "I am out of the office until 8 June.", true);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(first) == 1);
        // After the one scheduled poll, only IDLE can bring the next reply in
        await().atMost(Duration.ofSeconds(30)).until(this::scheduledPollDone);
        deliver(second, "Re: An idea for Acme", "Send me the deck.\n\nOn Mon, Jun 1, 2026 Justin wrote:\n> Hi", false);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(second) == 1);

        // Later polls take in nothing again
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            assertThat(count(first)).isEqualTo(1);
            assertThat(count(second)).isEqualTo(1);
        });
        assertThat(db.sql("SELECT source, automatic, new_text FROM received_messages WHERE message_id = :id")
                        .bind("id", second)
                        .map(row -> row.get("source", String.class) + "|" + row.get("automatic", Boolean.class) + "|"
                                + row.get("new_text", String.class))
                        .one()
                        .block())
                .isEqualTo("imap|false|Send me the deck.");
        assertThat(db.sql("SELECT automatic FROM received_messages WHERE message_id = :id")
                        .bind("id", first)
                        .map(row -> row.get("automatic", Boolean.class))
                        .one()
                        .block())
                .isTrue();
    }

    @Test
    void aBacklogFetchedWholeInChunksIsTakenInOnceEachWithItsOwnWords() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = "<" + UUID.randomUUID() + "@acme.example>";
            ids.add(id);
            deliver(id, "Re: An idea " + i, "Reply number " + i + ", call me.", false);
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(id -> count(id) == 1));
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            assertThat(db.sql("SELECT new_text, raw FROM received_messages WHERE message_id = :id")
                            .bind("id", id)
                            .map(row -> row.get("new_text", String.class) + "|" + row.get("raw", String.class))
                            .one()
                            .block())
                    .startsWith("Reply number " + i + ", call me.|")
                    .contains("Message-ID: " + id)
                    .contains("Subject: Re: An idea " + i + "\r\n");
        }
    }

    @Test
    void aMessageOverTheSizeLimitIsSkippedAndTheMailboxGoesOn() throws Exception {
        String huge = "<" + UUID.randomUUID() + "@acme.example>";
        String after = "<" + UUID.randomUUID() + "@acme.example>";
        deliver(huge, "Re: An idea", "Please read this. ".repeat(2_000), false);
        deliver(after, "Re: An idea", "Interested, call me.", false);

        await().atMost(Duration.ofSeconds(30)).until(() -> count(after) == 1);
        assertThat(count(huge)).isZero();
        assertThat(skipped(huge))
                .singleElement()
                .asString()
                .startsWith("b2bea|1|")
                .contains("over the limit of 20000");
    }

    @Test
    void aMessageTheDatabaseRefusesAsDataIsSkippedAfterMaxAttemptsAndSaysSo() throws Exception {
        String poisoned = "<" + UUID.randomUUID() + "@acme.example>";
        String after = "<" + UUID.randomUUID() + "@acme.example>";
        try (DatabaseFault fault = fault(poisoned, "22023", "refused as data by the test")) {
            deliver(poisoned, "Re: An idea", "This one the database refuses.", false);
            await().atMost(Duration.ofSeconds(30)).until(() -> fault.hits() >= 1);
            assertThat(count(poisoned)).isZero();

            // The next poll tries it a second time, skips it with its reason and takes in what follows
            deliver(after, "Re: An idea", "Interested, call me.", false);
            await().atMost(Duration.ofSeconds(30)).until(() -> count(after) == 1);
            assertThat(fault.hits()).isEqualTo(2);
        }
        assertThat(count(poisoned)).isZero();
        assertThat(skipped(poisoned))
                .singleElement()
                .asString()
                .startsWith("b2bea|2|")
                .contains("refused as data by the test");
        HttpClients.client(port)
                .get()
                .uri("/api/v1/mailboxes/skipped?client=b2bea&limit=500")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.message_id == '" + poisoned + "')].reason")
                .isEqualTo(List.of("PostgresqlBadGrammarException: refused as data by the test"))
                .jsonPath("$[?(@.message_id == '" + poisoned + "')].mailbox")
                .isEqualTo(List.of("b2bea-replies"));
    }

    @Test
    void aMessageIsNeverSkippedBecauseTheDatabaseWasBrieflyDown() throws Exception {
        String first = "<" + UUID.randomUUID() + "@acme.example>";
        String second = "<" + UUID.randomUUID() + "@acme.example>";
        String third = "<" + UUID.randomUUID() + "@acme.example>";
        try (DatabaseFault fault = fault(first, "57P03", "the database is starting up")) {
            // More failed tries than max-attempts, over two polls: each poll retries a few times, then gives up
            deliver(first, "Re: An idea", "Unsubscribe me, please.", false);
            await().atMost(Duration.ofSeconds(30)).until(() -> fault.hits() >= 3);
            deliver(second, "Re: An idea", "Interested.", false);
            await().atMost(Duration.ofSeconds(30)).until(() -> fault.hits() >= 4);
            assertThat(count(first)).isZero();
            assertThat(count(second)).isZero();
        }
        deliver(third, "Re: An idea", "And one more.", false);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> count(first) == 1 && count(second) == 1 && count(third) == 1);
        assertThat(skipped(first)).isEmpty();
    }

    /** The database refuses the insert of this one message, with this SQLSTATE, while the fault is open. */
    private DatabaseFault fault(String messageId, String sqlState, String message) {
        return DatabaseFault.on(
                db,
                "received_messages",
                "INSERT",
                "NEW.message_id = '" + messageId + "'",
                sqlState,
                message,
                Long.MAX_VALUE);
    }

    private List<String> skipped(String messageId) {
        return db.sql("SELECT client_id, attempts, reason FROM skipped_messages WHERE message_id = :id")
                .bind("id", messageId)
                .map(row -> row.get("client_id", String.class) + "|" + row.get("attempts", Integer.class) + "|"
                        + row.get("reason", String.class))
                .all()
                .collectList()
                .block();
    }

    private static void deliver(String messageId, String subject, String text, boolean automatic) throws Exception {
        Properties settings = new Properties();
        settings.put("mail.smtp.host", "127.0.0.1");
        settings.put("mail.smtp.port", String.valueOf(mail.smtpPort()));
        MimeMessage message = new MimeMessage(Session.getInstance(settings)) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress("dana@acme.example", "Dana Ruiz"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(MAILBOX));
        message.setSubject(subject);
        message.setText(text);
        if (automatic) {
            message.setHeader("Auto-Submitted", "auto-replied");
        }
        Transport.send(message);
    }

    private long count(String messageId) {
        return db.sql("SELECT count(*) AS n FROM received_messages WHERE message_id = :id")
                .bind("id", messageId)
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }
}
