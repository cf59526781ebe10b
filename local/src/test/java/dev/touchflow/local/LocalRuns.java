package dev.touchflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.testkit.ConsumerLag;
import dev.touchflow.testkit.HttpClients;
import dev.touchflow.testkit.TestInfrastructure;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Starting the whole runner on free ports for a test, and replaying every topic into every group. */
final class LocalRuns {

    private LocalRuns() {}

    static LocalTouchflow start(Path state, Map<String, String> overrides, Clock clock) {
        // the mail servers bind port 0 and tell which port they got: the services are given it after they start
        return LocalTouchflow.start(new LocalSettings(
                state,
                TestInfrastructure.freePort(),
                TestInfrastructure.freePort(),
                TestInfrastructure.freePort(),
                0,
                0,
                LocalSettings.Ports.free(),
                overrides,
                clock));
    }

    /** A client that calls as the runner's operator (an admin of every client). */
    static WebTestClient client(LocalTouchflow touchflow, int port) {
        return HttpClients.client(port, touchflow.operatorToken());
    }

    static WebTestClient client(int port, String bearerToken) {
        return HttpClients.client(port, bearerToken);
    }

    /** Stops every listener, rewinds every consumer group to offset 0, starts them and waits until all caught up. */
    static void replayEverything(LocalTouchflow touchflow) {
        List<KafkaListenerEndpointRegistry> registries = Stream.concat(
                        touchflow.services().stream().map(service -> touchflow.context(service.name())),
                        Stream.of(touchflow.console()))
                .map(context -> context.getBean(KafkaListenerEndpointRegistry.class))
                .toList();
        registries.forEach(KafkaListenerEndpointRegistry::stop);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> registries.stream().noneMatch(KafkaListenerEndpointRegistry::isRunning));
        List<String> groups = ConsumerGroupReplay.touchflowGroups();
        assertThat(new ConsumerGroupReplay(touchflow.bootstrapServers()).rewind(groups))
                .isNotEmpty()
                .satisfies(rewound -> assertThat(groups).containsAll(rewound.keySet()));
        ConsumerLag lag = new ConsumerLag(touchflow.bootstrapServers());
        assertThat(lag.of(groups)).isPositive();
        registries.forEach(KafkaListenerEndpointRegistry::start);
        // Caught up, and still caught up after the relays, the sequencer and the sender have each had
        // rounds of their own: anything they published would show as lag
        await().atMost(Duration.ofSeconds(60))
                .during(Duration.ofSeconds(3))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> lag.of(groups) == 0);
    }

    /** Creates a campaign of b2bea's with these steps, answered 201. */
    static void createCampaign(WebTestClient enrollment, String slug, List<Map<String, Object>> steps) {
        enrollment
                .post()
                .uri("/api/v1/campaigns")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "slug",
                        slug,
                        "name",
                        "Quick follow-up",
                        "client_id",
                        "b2bea",
                        "type",
                        "membership",
                        "owner_role",
                        "roles.sales",
                        "steps",
                        steps))
                .exchange()
                .expectStatus()
                .isCreated();
    }

    /** A templated email step, {@code delayMinutes} after the one before. */
    static Map<String, Object> emailStep(int number, int delayMinutes) {
        return Map.of(
                "step_number",
                number,
                "delay_minutes",
                delayMinutes,
                "channel",
                "email",
                "content_type",
                "follow_up",
                "subject_template",
                "A note for {{first_name}}",
                "body_template",
                "Hi {{first_name}}, step " + number + " of our note.");
    }

    /** A contact's answer to a touch, mailed to the seed sender's mailbox on the runner's mail sink. */
    static void mailReply(
            LocalTouchflow touchflow,
            String from,
            String inReplyTo,
            String subject,
            Map<String, String> headers,
            String text)
            throws MessagingException, UnsupportedEncodingException {
        Properties settings = new Properties();
        settings.put("mail.smtp.host", "127.0.0.1");
        settings.put("mail.smtp.port", String.valueOf(touchflow.mail().smtpPort()));
        MimeMessage message = new MimeMessage(Session.getInstance(settings));
        message.setFrom(new InternetAddress(from, "Dana Ruiz"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("justin@b2bea.example"));
        message.setSubject(subject);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            message.setHeader(header.getKey(), header.getValue());
        }
        message.setHeader("In-Reply-To", inReplyTo);
        message.setHeader("References", inReplyTo);
        message.setText(text + "\n\nOn Mon, May 4, 2026 at 10:00 AM Justin <justin@b2bea.example> wrote:\n> Hi Dana,\n"
                + "> To stop receiving these emails: http://127.0.0.1/u/x");
        Transport.send(message);
    }
}
