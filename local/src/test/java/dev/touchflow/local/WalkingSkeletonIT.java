package dev.touchflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.local.issuer.ConsoleSignIn;
import dev.touchflow.local.issuer.LocalIssuer;
import dev.touchflow.schemas.dispatch.DispatchEvent;
import dev.touchflow.schemas.dispatch.TouchSent;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.enrollment.Exited;
import dev.touchflow.schemas.replies.ReplyClassified;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.testkit.HttpClients;
import dev.touchflow.testkit.KafkaProbe;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One contact through the whole pipeline on the real runner (KRaft broker, PostgreSQL, GreenMail,
 * five services): meeting booked, routed at the gate, enrolled, step 1 due, drafted, approved,
 * sent over SMTP. Then every topic is replayed from offset 0 into every consumer group, and
 * nothing is drafted, approved or sent again.
 */
class WalkingSkeletonIT {

    @TempDir
    static Path state;

    static LocalTouchflow touchflow;
    static WebTestClient enrollment;
    static WebTestClient drafting;
    static WebTestClient dispatch;

    @BeforeAll
    static void startTouchflow() {
        touchflow = LocalRuns.start(
                state,
                Map.of(
                        "touchflow.dispatch.undo-window",
                        "0s",
                        "touchflow.sequencer.poll-interval",
                        "100ms",
                        "touchflow.replies.imap.poll-interval",
                        "300ms",
                        // every service exports its spans to memory too, at once
                        CapturedSpans.ENABLED,
                        "true",
                        "management.opentelemetry.tracing.export.schedule-delay",
                        "100ms"),
                Clock.systemUTC());
        LocalSettings.Ports ports = touchflow.settings().services();
        enrollment = LocalRuns.client(touchflow, ports.enrollment());
        drafting = LocalRuns.client(ports.drafting(), touchflow.operatorToken());
        dispatch = LocalRuns.client(touchflow, ports.dispatch());
    }

    @AfterAll
    static void stopTouchflow() {
        if (touchflow != null) {
            touchflow.close();
        }
    }

    @Test
    void aBookedMeetingBecomesOneApprovedEmailAndAReplayChangesNothing() throws Exception {
        KafkaProbe kafka = new KafkaProbe(touchflow.bootstrapServers());
        String contactId = "attio-" + UUID.randomUUID();
        String email = "dana." + contactId.substring(6, 14) + "@acme.example";

        // Given a meeting booked upstream, published as JSON by any Kafka client, in the upstream agent's trace
        String trace = hex(32);
        ProducerRecord<String, byte[]> booked = new ProducerRecord<>(
                Topics.MEETING_BOOKED,
                "b2bea:" + contactId,
                meetingBooked(contactId, email).getBytes(StandardCharsets.UTF_8));
        booked.headers().add("traceparent", ("00-" + trace + "-" + hex(16) + "-01").getBytes(StandardCharsets.UTF_8));
        kafka.send(booked);

        // When a person routes it at the gate
        String gateId =
                await().atMost(Duration.ofSeconds(30)).until(() -> pendingGateIdFor(contactId), id -> id != null);
        enrollment
                .post()
                .uri("/api/v1/gate/{id}/route", gateId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "campaigns",
                        List.of("b2bea_membership_close"),
                        "goal",
                        "pipeline",
                        "notes",
                        "wants pipeline; has budget in Q3"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("routed");

        // Then step 1 (delay 0) is drafted from its template for a person to approve
        String draftId =
                await().atMost(Duration.ofSeconds(30)).until(() -> pendingDraftIdFor(contactId), id -> id != null);
        drafting.get()
                .uri("/api/v1/drafts/{id}", draftId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.draft.subject")
                .isEqualTo("Great speaking with you, Dana")
                .jsonPath("$.draft.to_id")
                .isEqualTo(email)
                .jsonPath("$.draft.step_number")
                .isEqualTo(1)
                .jsonPath("$.draft.context.content_type")
                .isEqualTo("follow_up");

        // When the person approves it, and approves it again by mistake
        HttpClients.anonymous(touchflow.settings().services().drafting())
                .post()
                .uri("/api/v1/drafts/{id}/approve", draftId)
                .exchange()
                .expectStatus()
                .isUnauthorized();
        drafting.post()
                .uri("/api/v1/drafts/{id}/approve", draftId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.approved_by")
                .isEqualTo("operator");
        drafting.post()
                .uri("/api/v1/drafts/{id}/approve", draftId)
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);

        // Then exactly one email arrives with the right recipient, subject and body
        List<MimeMessage> inbox = await().atMost(Duration.ofSeconds(30))
                .until(() -> touchflow.mail().inboxOf(email), messages -> !messages.isEmpty());
        MimeMessage mail = inbox.get(0);
        assertThat(inbox).hasSize(1);
        assertThat(mail.getSubject()).isEqualTo("Great speaking with you, Dana");
        assertThat(mail.getAllRecipients()[0].toString()).contains(email);
        assertThat(mail.getFrom()[0].toString()).contains("justin@b2bea.example");
        assertThat(body(mail))
                .startsWith("Hi Dana,")
                .contains("You mentioned: wants pipeline; has budget in Q3.")
                .contains("training library for Acme");

        // And TouchSent carries the RFC 5322 Message-ID the email went out with
        List<TouchSent> sent = await().atMost(Duration.ofSeconds(30))
                .until(() -> touchSentFor(kafka, contactId), events -> !events.isEmpty());
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).getMessageId()).isEqualTo(header(mail, "Message-ID"));

        // When the contact answers that they are away, and the answer is read over IMAP and classified
        LocalRuns.mailReply(
                touchflow,
                email,
                sent.get(0).getMessageId(),
                "Re: Great speaking with you, Dana",
                Map.of(),
                "I am out of the office until Monday, with limited access to email.");
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> kafka.decoded(Topics.REPLY_CLASSIFIED, "b2bea:" + contactId, ReplyClassified.class),
                        replies -> !replies.isEmpty());

        // Then one trace spans it all, the upstream agent's: every record about the contact carries it, and
        // every service's spans for the contact's work are in it, the gate routed by a person included
        assertThat(traceIdsOf(kafka, "b2bea:" + contactId))
                .allSatisfy((topic, traces) -> assertThat(traces).as(topic).containsExactly(trace));
        List<SpanData> spans = await().atMost(Duration.ofSeconds(30))
                .until(() -> CapturedSpans.of(trace), WalkingSkeletonIT::spansFromEveryService);
        assertThat(spans)
                .extracting(SpanData::getName)
                .contains(
                        "process " + Topics.MEETING_BOOKED,
                        "route gate request",
                        "process " + Topics.ENROLL,
                        "process " + Topics.ENROLLMENT,
                        "process " + Topics.STEP_DUE,
                        "process " + Topics.APPROVED,
                        "process " + Topics.SENT,
                        "process " + Topics.REPLY_CLASSIFIED);

        // When the contact unsubscribes in one click (RFC 8058) from the email's List-Unsubscribe header
        String unsubscribe = header(mail, "List-Unsubscribe").replaceAll("^<(http[^>]+)>.*$", "$1");
        HttpClients.client(unsubscribe)
                .post()
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("List-Unsubscribe=One-Click")
                .exchange()
                .expectStatus()
                .isOk();

        // Then their enrollment exits unsubscribed, and enrolling them again is refused
        await().atMost(Duration.ofSeconds(30))
                .until(() -> exitReasons(kafka, contactId).contains("unsubscribed"));
        enrollment
                .post()
                .uri("/api/v1/campaigns/b2bea_membership_close/enroll")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("contacts", List.of(Map.of("id", contactId, "email", email))))
                .exchange()
                .expectStatus()
                .isAccepted();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> enrollment
                        .get()
                        .uri("/api/v1/refusals?client_id=b2bea&contact_id={id}", contactId)
                        .exchange()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody()
                        .contains("unsubscribed"));

        // When every topic is replayed from offset 0 into every consumer group
        Map<String, Long> before = effects(kafka, contactId);
        LocalRuns.replayEverything(touchflow);

        // Then nothing is drafted, approved or sent twice
        assertThat(effects(kafka, contactId)).isEqualTo(before);
        assertThat(touchflow.mail().inboxOf(email)).hasSize(1);
        drafting.get()
                .uri("/api/v1/drafts?campaign=b2bea_membership_close&limit=500")
                .exchange()
                .expectBody()
                .jsonPath("$[?(@.contact_id == '" + contactId + "')]")
                .value(drafts -> assertThat((List<?>) drafts).hasSize(1));
        dispatch.get()
                .uri("/api/v1/sends?status=sent&limit=500")
                .exchange()
                .expectBody()
                .jsonPath("$[?(@.contact_id == '" + contactId + "')]")
                .value(sends -> assertThat((List<?>) sends).hasSize(1));
    }

    @Test
    void theLocalIssuerMintsPeopleAndAgentsWhomTheServicesTrustForTheirRolesAndClientsOnly() {
        // The issuer publishes OpenID discovery and its keys, as a company's identity provider would
        WebTestClient issuer = HttpClients.client(touchflow.issuer());
        issuer.get()
                .uri("/.well-known/openid-configuration")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.issuer")
                .isEqualTo(touchflow.issuer())
                .jsonPath("$.jwks_uri")
                .isEqualTo(touchflow.issuer() + "/oauth2/jwks")
                .jsonPath("$.token_endpoint")
                .isEqualTo(touchflow.issuer() + "/oauth2/token");

        // A person's token minted by ./touchflow token: an approver of dreamborn reads dreamborn's drafts only
        ByteArrayOutputStream minted = new ByteArrayOutputStream();
        assertThat(IdentityCommands.token(
                        List.of("--name", "dora", "--role", "approver", "--client", "dreamborn", "--ttl", "1h"),
                        touchflow.settings(),
                        new PrintStream(minted),
                        System.err))
                .isZero();
        WebTestClient dora = LocalRuns.client(
                touchflow.settings().services().drafting(), minted.toString().strip());
        List<Map<String, Object>> drafts = HttpClients.list(dora, "/api/v1/drafts?limit=500");
        assertThat(drafts)
                .allSatisfy(draft -> assertThat(draft.get("client_id")).isEqualTo("dreamborn"));
        dora.get()
                .uri("/api/v1/drafts?client=b2bea&limit=500")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBodyList(Map.class)
                .hasSize(0);
        LocalRuns.client(touchflow, touchflow.settings().services().enrollment())
                .get()
                .uri("/api/v1/campaigns")
                .header("Authorization", "Bearer " + minted.toString().strip())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBodyList(Map.class)
                .value(campaigns -> assertThat(campaigns)
                        .extracting(campaign -> campaign.get("client_id"))
                        .containsOnly("dreamborn"));

        // An agent added with ./touchflow agent add gets a token from the running issuer (client credentials)
        ByteArrayOutputStream added = new ByteArrayOutputStream();
        assertThat(IdentityCommands.agent(
                        List.of("add", "roles.sales", "--client", "b2bea"),
                        touchflow.settings(),
                        new PrintStream(added),
                        System.err))
                .isZero();
        String secret = shown(added, "client secret");
        issuer.post()
                .uri("/oauth2/token")
                .headers(headers -> headers.setBasicAuth("roles.sales", "not-the-secret"))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("grant_type=client_credentials")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        Map<?, ?> granted = issuer.post()
                .uri("/oauth2/token")
                .headers(headers -> headers.setBasicAuth("roles.sales", secret))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("grant_type=client_credentials")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        WebTestClient agent =
                LocalRuns.client(touchflow.settings().services().drafting(), (String) granted.get("access_token"));
        // It answers its own draft requests, and may neither read nor approve drafts
        agent.get()
                .uri("/api/v1/draft-requests?agent=roles.sales")
                .exchange()
                .expectStatus()
                .isOk();
        agent.get().uri("/api/v1/drafts").exchange().expectStatus().isForbidden();
        agent.post()
                .uri("/api/v1/drafts/{id}/approve", UUID.randomUUID())
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        // Another agent's requests are not its to see
        agent.get()
                .uri("/api/v1/draft-requests?agent=someone-else")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBodyList(Map.class)
                .hasSize(0);
    }

    @Test
    void aPersonWhoSignsInAtTheIssuerCallsTheServicesWithTheirRolesAndClientsOnly() throws Exception {
        // Given a viewer of dreamborn added with ./touchflow person add
        ByteArrayOutputStream added = new ByteArrayOutputStream();
        assertThat(IdentityCommands.person(
                        List.of("add", "vic", "--role", "viewer", "--client", "dreamborn"),
                        touchflow.settings(),
                        new PrintStream(added),
                        System.err))
                .isZero();
        String consoleSecret = Files.readString(
                        touchflow.settings().stateDirectory().resolve("console-client-secret"))
                .strip();

        // When they sign in as the console signs people in (authorization code with PKCE)
        Map<String, Object> tokens = new ConsoleSignIn(
                        touchflow.issuer(),
                        LocalIssuer.consoleRedirectUri(
                                touchflow.settings().services().console()),
                        consoleSecret)
                .tokens("vic", shown(added, "password"));

        // Then the services take their token: they read dreamborn's drafts only, and may not approve one
        WebTestClient vic =
                LocalRuns.client(touchflow.settings().services().drafting(), (String) tokens.get("access_token"));
        assertThat(HttpClients.list(vic, "/api/v1/drafts?limit=500"))
                .allSatisfy(draft -> assertThat(draft.get("client_id")).isEqualTo("dreamborn"));
        vic.post()
                .uri("/api/v1/drafts/{id}/approve", UUID.randomUUID())
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    /** The value a command printed once, at the end of the line that starts with {@code label}. */
    private static String shown(ByteArrayOutputStream printed, String label) {
        return printed.toString()
                .lines()
                .filter(line -> line.startsWith(label))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void eachServiceUsesADatabaseRoleOfItsOwnThatIsNoSuperuserAndReachesNoOtherServicesDatabase() throws Exception {
        try (Connection admin = touchflow.postgres().adminDataSource().getConnection();
                Statement statement = admin.createStatement()) {
            ResultSet users = statement.executeQuery("SELECT DISTINCT datname, usename FROM pg_stat_activity"
                    + " WHERE datname LIKE 'touchflow\\_%' AND backend_type = 'client backend'");
            Map<String, String> userOf = new HashMap<>();
            while (users.next()) {
                userOf.merge(users.getString(1), users.getString(2), (a, b) -> a.equals(b) ? a : a + "," + b);
            }
            // every service's database is used by its own role only, never by postgres
            assertThat(userOf)
                    .containsEntry("touchflow_drafting", "touchflow_drafting")
                    .containsEntry("touchflow_dispatch", "touchflow_dispatch")
                    .allSatisfy((database, user) -> assertThat(user).isEqualTo(database));
            ResultSet roles = statement.executeQuery("SELECT rolname, rolsuper, rolcreatedb, rolcreaterole"
                    + " FROM pg_roles WHERE rolname LIKE 'touchflow\\_%'");
            int count = 0;
            while (roles.next()) {
                count++;
                assertThat(roles.getBoolean(2) || roles.getBoolean(3) || roles.getBoolean(4))
                        .as(roles.getString(1))
                        .isFalse();
            }
            // the five services' roles and the console's (its read model)
            assertThat(count).isEqualTo(6);
        }
        // drafting-service's role cannot so much as connect to dispatch-service's database
        String url = "jdbc:postgresql://127.0.0.1:" + touchflow.postgres().port() + "/touchflow_dispatch";
        Assertions.assertThatThrownBy(() -> DriverManager.getConnection(
                        url,
                        "touchflow_drafting",
                        Files.readString(state.resolve("database-password")).strip()))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("permission denied");
    }

    /** The trace ids in the {@code traceparent} headers of the records keyed {@code key}, topic by topic. */
    private static Map<String, Set<String>> traceIdsOf(KafkaProbe kafka, String key) {
        Map<String, Set<String>> traces = new TreeMap<>();
        for (String topic : List.of(
                Topics.ENROLL,
                Topics.ENROLLMENT,
                Topics.STEP_DUE,
                Topics.DRAFT_STAGED,
                Topics.APPROVED,
                Topics.SENT,
                Topics.REPLY_CLASSIFIED)) {
            Set<String> ids = new TreeSet<>();
            kafka.readAll(topic, record -> key.equals(record.key()))
                    .forEach(record ->
                            ids.add(Optional.ofNullable(record.headers().lastHeader("traceparent"))
                                    .map(header -> new String(header.value(), StandardCharsets.UTF_8).split("-")[1])
                                    .orElse("none")));
            traces.put(topic, ids);
        }
        return traces;
    }

    private static boolean spansFromEveryService(List<SpanData> spans) {
        return spans.stream()
                .map(CapturedSpans::service)
                .collect(Collectors.toSet())
                .containsAll(List.of(
                        "enrollment-service",
                        "sequencer-service",
                        "drafting-service",
                        "dispatch-service",
                        "reply-classifier-service"));
    }

    private static String hex(int digits) {
        StringBuilder hex = new StringBuilder(UUID.randomUUID().toString().replace("-", ""));
        while (hex.length() < digits) {
            hex.append(UUID.randomUUID().toString().replace("-", ""));
        }
        return hex.substring(0, digits);
    }

    /** How many records of each effect topic concern the contact. */
    private static Map<String, Long> effects(KafkaProbe kafka, String contactId) {
        String key = "b2bea:" + contactId;
        return Map.of(
                Topics.ENROLL, count(kafka, Topics.ENROLL, key),
                Topics.ENROLLMENT, count(kafka, Topics.ENROLLMENT, key),
                Topics.STEP_DUE, count(kafka, Topics.STEP_DUE, key),
                Topics.DRAFT_STAGED, count(kafka, Topics.DRAFT_STAGED, key),
                Topics.APPROVED, count(kafka, Topics.APPROVED, key),
                Topics.SENT, count(kafka, Topics.SENT, key));
    }

    private static long count(KafkaProbe kafka, String topic, String key) {
        return kafka.readAll(topic, record -> key.equals(record.key())).size();
    }

    private static List<String> exitReasons(KafkaProbe kafka, String contactId) {
        return kafka.decoded(Topics.ENROLLMENT, "b2bea:" + contactId, EnrollmentEvent.class).stream()
                .map(EnrollmentEvent::getPayload)
                .filter(Exited.class::isInstance)
                .map(exited -> ((Exited) exited).getReason())
                .toList();
    }

    private static List<TouchSent> touchSentFor(KafkaProbe kafka, String contactId) {
        return kafka.decoded(Topics.SENT, "b2bea:" + contactId, DispatchEvent.class).stream()
                .filter(event -> event.getPayload() instanceof TouchSent)
                .map(event -> (TouchSent) event.getPayload())
                .toList();
    }

    private static String pendingGateIdFor(String contactId) {
        return firstIdWhere(enrollment, "/api/v1/gate?status=pending&limit=500", "contact.id", contactId);
    }

    private static String pendingDraftIdFor(String contactId) {
        return firstIdWhere(drafting, "/api/v1/drafts?status=pending&limit=500", "contact_id", contactId);
    }

    @SuppressWarnings("unchecked")
    private static String firstIdWhere(WebTestClient client, String uri, String path, String value) {
        List<Map<String, Object>> items = HttpClients.list(client, uri).stream()
                .map(item -> (Map<String, Object>) item)
                .toList();
        return items.stream()
                .filter(item -> value.equals(at(item, path)))
                .map(item -> (String) item.get("id"))
                .findFirst()
                .orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> item, String path) {
        Object current = item;
        for (String part : path.split("\\.")) {
            current = current instanceof Map<?, ?> map ? ((Map<String, Object>) map).get(part) : null;
        }
        return current;
    }

    private static String meetingBooked(String contactId, String email) {
        return """
                {"event_id": "%s", "client_id": "b2bea",
                 "contact": {"id": "%s", "email": "%s", "first_name": "Dana", "last_name": "Ruiz", "company": "Acme",
                             "title": "VP Marketing", "timezone": "America/New_York"},
                 "meeting": {"booked_at": "2026-04-29T14:00:00Z", "starts_at": "2026-05-02T15:00:00Z",
                             "notes": "wants pipeline; has budget in Q3"},
                 "booked_by": "roles.bdr", "suggested_campaigns": ["b2bea_membership_close"]}
                """.formatted(UUID.randomUUID(), contactId, email);
    }

    /** The text part of the multipart/alternative email. */
    private static String body(MimeMessage mail) throws Exception {
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            if (parts.getBodyPart(i).isMimeType("text/plain")) {
                return parts.getBodyPart(i).getContent().toString().replace("\r\n", "\n");
            }
        }
        throw new AssertionError("no text part");
    }

    private static String header(MimeMessage mail, String name) throws Exception {
        return mail.getHeader(name)[0];
    }
}
