package dev.touchflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.instancio.Select.field;

import dev.touchflow.local.cli.TouchflowCli;
import dev.touchflow.local.deadletters.DeadLetterTopics;
import dev.touchflow.local.deadletters.Redriving;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.testkit.ConsumerLag;
import dev.touchflow.testkit.HttpClients;
import dev.touchflow.testkit.KafkaProbe;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.instancio.Instancio;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.UriUtils;
import picocli.CommandLine;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Hostile input, generated (Instancio, seeded: {@code -Dtouchflow.hostile.seed=S} replays a run): every
 * REST endpoint of every service, found in the handler mappings, is called with generated path
 * variables, query parameters (by the names the handlers read) and bodies (the body type's own fields,
 * with hostile values, and bodies that are not JSON at all), more than 10,000 calls in all, past the
 * door with an admin's token. None may answer 5xx. The ingress topics get generated records, valid
 * and invalid of known kinds: exactly the invalid ones are dead-lettered, every valid one takes effect,
 * and the consumer catches up (it never stopped).
 */
class HostileInputIT {

    /** Fixed, so a run is reproducible; -Dtouchflow.hostile.seed=S explores others (any new failure is a bug to fix). */
    static final long SEED = Long.getLong("touchflow.hostile.seed", 20261204L);

    static final int CALLS = 10_000;

    @TempDir
    static Path state;

    static LocalTouchflow touchflow;

    /** The raw material of one hostile call; Instancio fills it from the seed. */
    record Probe(String text, String pick, int number, int shape) {}

    /** Fragments that have broken services before: line breaks, NUL, escapes, traversal, huge and odd numbers, bad dates. */
    static final List<String> NASTY = List.of(
            "\r\nBcc: all@victims.example",
            "\u0000",
            "%00",
            "../../etc/passwd",
            "'; DROP TABLE drafts; --",
            "{{#x}}{{/x}}",
            "{{ contact.getClass }}",
            "\u202e",
            "\ud800",
            "9999999999999999999999",
            "-1",
            "0",
            "NaN",
            "1e309",
            "2026-13-45T99:99:99Z",
            "not-a-date",
            "",
            " ",
            "null",
            "true",
            "[]",
            "{}",
            "\"",
            "\\",
            "a".repeat(5000),
            "ü😀",
            "<script>alert(1)</script>",
            "http://",
            "mailto:x",
            "b2bea",
            "dreamborn",
            "active",
            "pending",
            "email");

    @BeforeAll
    static void startTouchflow() {
        System.out.println("HostileInputIT seed: " + SEED + " (replay with -Dtouchflow.hostile.seed=" + SEED + ")");
        touchflow = LocalRuns.start(state, Map.of("touchflow.platform.consumer.lag-every", "500ms"), Clock.systemUTC());
    }

    @AfterAll
    static void stopTouchflow() {
        if (touchflow != null) {
            touchflow.close();
        }
    }

    @Test
    void everyEndpointAnswersGeneratedHostileInputWithoutA5xx() {
        List<Target> targets = new ArrayList<>();
        for (LocalTouchflow.Service service : touchflow.services()) {
            var context = touchflow.context(service.name());
            context.getBeansOfType(RequestMappingHandlerMapping.class)
                    .values()
                    .forEach(mapping -> mapping.getHandlerMethods()
                            .forEach((info, handler) -> targets.addAll(targets(service.port(), info, handler))));
        }
        assertThat(targets).hasSizeGreaterThan(45);
        int perTarget = (CALLS + targets.size() - 1) / targets.size();
        List<Probe> probes = probes(perTarget * targets.size() * 3);
        List<Call> calls = new ArrayList<>();
        int next = 0;
        for (Target target : targets) {
            for (int i = 0; i < perTarget; i++) {
                calls.add(target.call(probes.get(next), probes.get(next + 1), probes.get(next + 2)));
                next += 3;
            }
        }
        assertThat(calls).hasSizeGreaterThanOrEqualTo(CALLS);

        WebClient http = WebClient.builder()
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + touchflow.operatorToken())
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
                .build();
        AtomicInteger answered = new AtomicInteger();
        List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());
        Flux.fromIterable(calls)
                .flatMap(
                        call -> send(http, call).doOnNext(status -> {
                            answered.incrementAndGet();
                            if (status >= 500) {
                                serverErrors.add(status + " " + call);
                            }
                        }),
                        8)
                .blockLast(Duration.ofMinutes(10));
        assertThat(answered.get()).isEqualTo(calls.size());
        assertThat(serverErrors).as("seed " + SEED).isEmpty();
    }

    /** What each service counts of its own work, besides what every service counts. */
    private static final Map<String, List<String>> OWN_METRICS = Map.of(
            "sequencer-service",
            List.of(
                    "touchflow_steps_due_rows",
                    "touchflow_steps_due_oldest_age_seconds",
                    "touchflow_step_lateness_seconds_bucket"),
            "drafting-service",
            List.of(
                    "touchflow_drafts_rows",
                    "touchflow_drafts_oldest_age_seconds",
                    "touchflow_approval_latency_seconds_count"),
            "dispatch-service",
            List.of(
                    "touchflow_sends_rows",
                    "touchflow_sends_oldest_age_seconds",
                    "touchflow_mailbox_sent_today",
                    "touchflow_mailbox_daily_limit",
                    "resilience4j_circuitbreaker_state"),
            "reply-classifier-service",
            List.of(
                    "touchflow_replies_waiting_rows",
                    "touchflow_replies_waiting_oldest_age_seconds",
                    "touchflow_imap_errors_total",
                    "resilience4j_circuitbreaker_state"));

    @Test
    void aDeadLetterIsListedShownAndRedrivenOnceAndTheCommandLineAnswersWithItsExitCodes() throws Exception {
        String deadLetters = Topics.deadLetter(Topics.MEETING_BOOKED, "enrollment-service");
        Instant since = Instant.now().minusSeconds(1);
        String run = "redrive" + UUID.randomUUID().toString().substring(0, 6);
        String contact = "hostile-" + run + "-0";
        KafkaProbe kafka = new KafkaProbe(touchflow.bootstrapServers());
        // A booked meeting an earlier version refused (valid now), and one the service dead-letters itself
        ProducerRecord<String, byte[]> refusedEarlier = new ProducerRecord<>(
                deadLetters,
                "b2bea:" + contact,
                validIngress(Topics.MEETING_BOOKED, contact, probes(1).get(0)).getBytes(StandardCharsets.UTF_8));
        refusedEarlier
                .headers()
                .add("kafka_dlt-original-topic", Topics.MEETING_BOOKED.getBytes(StandardCharsets.UTF_8))
                .add("kafka_dlt-exception-message", "unknown client b2bea".getBytes(StandardCharsets.UTF_8));
        kafka.send(refusedEarlier);
        String broken = "b2bea:broken-" + run;
        kafka.sendText(Topics.MEETING_BOOKED, broken, "{\"client_id\": \"b2bea\"");
        DeadLetterTopics topics = new DeadLetterTopics(touchflow.bootstrapServers());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> topics.read(deadLetters, Map.of(), Long.MAX_VALUE).stream()
                        .anyMatch(letter -> broken.equals(letter.key())));

        // dlt list counts them by reason
        assertThat(topics.piles(deadLetters))
                .singleElement()
                .satisfies(pile -> assertThat(pile.reasons()).containsKey("unknown client b2bea"));

        // A dry run lists both and sends nothing
        Redriving redriving = new Redriving(topics);
        assertThat(redriving.redrive(deadLetters, since, true))
                .extracting(DeadLetterTopics.Letter::key)
                .containsExactlyInAnyOrder("b2bea:" + contact, broken);
        assertThat(kafka.readAll(Topics.MEETING_BOOKED, record -> ("b2bea:" + contact).equals(record.key())))
                .isEmpty();

        // Redriven: the valid one is taken once; the broken one is dead-lettered again, saying where it came back from
        assertThat(redriving.redrive(deadLetters, since, false))
                .extracting(DeadLetterTopics.Letter::key)
                .containsExactlyInAnyOrder("b2bea:" + contact, broken);
        await().atMost(Duration.ofSeconds(30)).until(() -> effects(run) == 1);
        List<DeadLetterTopics.Letter> again = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> topics.read(deadLetters, Map.of(), Long.MAX_VALUE).stream()
                                .filter(letter -> broken.equals(letter.key()))
                                .toList(),
                        letters -> letters.size() == 2);
        assertThat(again.get(1).record().headers().lastHeader("touchflow-redriven-from"))
                .isNotNull();

        // A second redrive sends only what came since: the broken one's second dead letter, not the valid one again
        assertThat(redriving.redrive(deadLetters, since, false))
                .extracting(DeadLetterTopics.Letter::key)
                .containsExactly(broken);
        assertThat(kafka.readAll(Topics.MEETING_BOOKED, record -> ("b2bea:" + contact).equals(record.key())))
                .hasSize(1);
        assertThat(effects(run)).isEqualTo(1);

        // The command line: help and a listing answer 0, a missing argument 2
        String server = "--bootstrap-server=" + touchflow.bootstrapServers();
        assertThat(new CommandLine(new TouchflowCli()).execute("help")).isZero();
        assertThat(new CommandLine(new TouchflowCli()).execute("dlt", server, "list", "--topic", "meeting-booked"))
                .isZero();
        assertThat(new CommandLine(new TouchflowCli()).execute("dlt", server, "show"))
                .isEqualTo(2);
        assertThat(new CommandLine(new TouchflowCli()).execute("dlt", server, "redrive", deadLetters, "--dry-run"))
                .isZero();
    }

    @Test
    void aReplayIsRefusedWhileItsGroupRunsRehearsedByADryRunAndMovesAStoppedGroupWhereAsked() throws Exception {
        // A running group that has taken a booked meeting
        String booked = "hostile-replay" + UUID.randomUUID().toString().substring(0, 6) + "-0";
        new KafkaProbe(touchflow.bootstrapServers())
                .sendText(
                        Topics.MEETING_BOOKED,
                        "b2bea:" + booked,
                        validIngress(Topics.MEETING_BOOKED, booked, probes(1).get(0)));
        ConsumerLag lag = new ConsumerLag(touchflow.bootstrapServers());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> lag.of(List.of("enrollment-service")) == 0
                        && committed("enrollment-service").keySet().stream()
                                .anyMatch(partition -> partition.topic().equals(Topics.MEETING_BOOKED)));
        ConsumerGroupReplay replay = new ConsumerGroupReplay(touchflow.bootstrapServers());
        Map<TopicPartition, Long> running = committed("enrollment-service");
        // A running group: a dry run says what would be read again and moves nothing; the real one is refused
        List<ConsumerGroupReplay.Move> rehearsed =
                replay.move("enrollment-service", Topics.MEETING_BOOKED, OffsetSpec.earliest(), null, true);
        assertThat(rehearsed)
                .isNotEmpty()
                .allSatisfy(move -> assertThat(move.to()).isZero());
        assertThat(rehearsed.stream()
                        .mapToLong(ConsumerGroupReplay.Move::reprocessed)
                        .sum())
                .isEqualTo(rehearsed.stream()
                        .mapToLong(ConsumerGroupReplay.Move::from)
                        .sum());
        assertThatThrownBy(() -> replay.move("enrollment-service", null, OffsetSpec.earliest(), null, false))
                .hasMessageContaining("active member");
        assertThat(committed("enrollment-service")).containsAllEntriesOf(running);
        String server = "--bootstrap-server=" + touchflow.bootstrapServers();
        assertThat(new CommandLine(new TouchflowCli())
                        .execute("replay", server, "--group", "enrollment-service", "--dry-run"))
                .isZero();
        assertThat(new CommandLine(new TouchflowCli()).execute("replay", server, "--group", "enrollment-service"))
                .isEqualTo(1);
        assertThat(new CommandLine(new TouchflowCli()).execute("replay", server, "--to-earliest", "--to-offset", "3"))
                .isEqualTo(2);

        // A stopped group at the end of a topic: to an offset, to a time past the last record, to the start
        KafkaProbe kafka = new KafkaProbe(touchflow.bootstrapServers());
        String stopped = "replayed-" + UUID.randomUUID();
        kafka.sendText(Topics.MEETING_BOOKED, "b2bea:replay-" + stopped, "{}");
        Map<TopicPartition, Long> ends = endOffsets(Topics.MEETING_BOOKED);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", touchflow.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> atEnd = new HashMap<>();
            ends.forEach((partition, end) -> atEnd.put(partition, new OffsetAndMetadata(end)));
            admin.alterConsumerGroupOffsets(stopped, atEnd).all().get();
        }
        replay.move(stopped, Topics.MEETING_BOOKED, OffsetSpec.earliest(), 1L, false);
        assertThat(committed(stopped))
                .allSatisfy((partition, offset) -> assertThat(offset).isEqualTo(Math.min(1, ends.get(partition))));
        replay.move(
                stopped,
                null,
                OffsetSpec.forTimestamp(Instant.now().plusSeconds(3600).toEpochMilli()),
                null,
                false);
        assertThat(committed(stopped)).isEqualTo(ends);
        assertThat(replay.move(stopped, null, OffsetSpec.earliest(), null, false))
                .allSatisfy(move -> assertThat(move.reprocessed()).isEqualTo(ends.get(move.partition())));
        assertThat(committed(stopped))
                .allSatisfy((partition, offset) -> assertThat(offset).isZero());
    }

    private static Map<TopicPartition, Long> committed(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", touchflow.bootstrapServers()))) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .forEach((partition, offset) -> offsets.put(partition, offset.offset()));
            return offsets;
        }
    }

    private static Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", touchflow.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .forEach(info -> latest.put(new TopicPartition(topic, info.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
            return ends;
        }
    }

    @Test
    void statusShowsEveryServiceReadyWithItsLagBacklogAndTheOldestWaitingDraft() {
        ServiceStatus status = new ServiceStatus(touchflow.settings());
        // settled once each service's first backlog count has come in (every 10 s)
        ServiceStatus.Snapshot snapshot = await().atMost(Duration.ofSeconds(30))
                .until(status::read, read -> read.lines().stream().allMatch(line -> line.backlog() >= 0));
        List<ServiceStatus.Line> lines = snapshot.lines();
        assertThat(lines)
                .extracting(ServiceStatus.Line::service)
                .containsExactly(
                        "enrollment-service",
                        "sequencer-service",
                        "drafting-service",
                        "dispatch-service",
                        "reply-classifier-service");
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.readiness()).isEqualTo("UP");
            assertThat(line.lag()).isNotNegative();
            assertThat(line.oldestAge()).isNotNegative();
        });
        assertThat(snapshot.oldestDraftAge()).isNotNegative();
        // readiness asks the database, the broker, the outbox relay and the consumers
        for (LocalTouchflow.Service service : touchflow.services()) {
            HttpClients.anonymous(service.port())
                    .get()
                    .uri("/actuator/health/readiness")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.components.r2dbc.status")
                    .isEqualTo("UP")
                    .jsonPath("$.components.kafka.status")
                    .isEqualTo("UP")
                    .jsonPath("$.components.outbox.status")
                    .isEqualTo("UP")
                    .jsonPath("$.components.consumers.status")
                    .isEqualTo("UP");
        }
        String report = snapshot.report();
        assertThat(snapshot.allReady()).isTrue();
        assertThat(report.lines().toList())
                .hasSize(7)
                .last()
                .asString()
                .startsWith("oldest draft waiting for a person: ");
    }

    @Test
    void everyServiceDocumentsEveryEndpointInAValidOpenApiDocumentWrittenToTarget() throws Exception {
        Path documents = Files.createDirectories(Path.of("target", "openapi"));
        for (LocalTouchflow.Service service : touchflow.services()) {
            // public, like the Swagger UI that shows it
            String json = WebClient.create("http://127.0.0.1:" + service.port())
                    .get()
                    .uri("/v3/api-docs")
                    .retrieve()
                    .bodyToMono(String.class)
                    .block(Duration.ofSeconds(30));
            Files.writeString(documents.resolve(service.name() + ".json"), json);
            SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(json, null, null);
            assertThat(parsed.getMessages()).as(service.name()).isEmpty();
            OpenAPI api = parsed.getOpenAPI();
            assertThat(api.getOpenapi()).as(service.name()).startsWith("3.1");
            assertThat(api.getComponents().getSecuritySchemes().get("bearer").getScheme())
                    .isEqualTo("bearer");
            // every REST handler the service runs is in it, and answers its refusals as problem+json
            List<String> handled = new ArrayList<>();
            touchflow
                    .context(service.name())
                    .getBeansOfType(RequestMappingHandlerMapping.class)
                    .values()
                    .forEach(mapping -> mapping.getHandlerMethods().keySet().stream()
                            .flatMap(info -> info.getPatternsCondition().getPatterns().stream())
                            .map(pattern -> pattern.getPatternString())
                            .filter(pattern -> pattern.startsWith("/api/"))
                            .forEach(handled::add));
            assertThat(handled).as(service.name()).isNotEmpty();
            assertThat(api.getPaths().keySet()).as(service.name()).containsAll(handled);
            api.getPaths().values().stream()
                    .flatMap(path -> path.readOperations().stream())
                    .forEach(operation -> {
                        assertThat(operation.getResponses().get("401").getContent())
                                .containsKey("application/problem+json");
                        // the caller comes from the token, never from the request
                        assertThat(operation.getParameters() == null ? List.of() : operation.getParameters())
                                .noneMatch(parameter -> "caller".equals(parameter.getName()));
                    });
            // fields as the API writes them, snake_case
            api.getComponents().getSchemas().forEach((name, schema) -> {
                Map<String, ?> fields = schema.getProperties() == null ? Map.of() : schema.getProperties();
                assertThat(fields.keySet())
                        .as(service.name() + " " + name)
                        .allSatisfy(field -> assertThat(field).matches("[a-z0-9_]+"));
            });
            assertThat(WebClient.create("http://127.0.0.1:" + service.port())
                            .get()
                            .uri("/webjars/swagger-ui/index.html")
                            .retrieve()
                            .bodyToMono(String.class)
                            .block(Duration.ofSeconds(30)))
                    .contains("swagger-ui");
        }
    }

    @Test
    void everyServicesMetricsAreRefusedToAnyoneButAReaderOfEveryClient() {
        Scrapes scrapes = new Scrapes(touchflow);
        String scraper = scrapes.token("prometheus", "viewer", "*");
        String oneClients = scrapes.token("vera", "viewer", "b2bea");
        for (LocalTouchflow.Service service : touchflow.services()) {
            assertThat(scrapes.scrape(service.port(), null).status())
                    .as(service.name())
                    .isEqualTo(401);
            assertThat(scrapes.scrape(service.port(), oneClients).status())
                    .as(service.name())
                    .isEqualTo(403);
            Scrapes.Answer scraped = scrapes.scrape(service.port(), scraper);
            assertThat(scraped.status()).as(service.name()).isEqualTo(200);
            assertThat(List.of(
                            "touchflow_outbox_backlog_rows",
                            "touchflow_outbox_backlog_oldest_age_seconds",
                            "touchflow_consumer_waiting_partitions",
                            "touchflow_consumer_lag_records",
                            "kafka_consumer_fetch_manager_records_lag_max",
                            "spring_kafka_listener_seconds_count"))
                    .as(service.name() + " " + scraped.names())
                    .allSatisfy(
                            metric -> assertThat(scraped.has(metric)).as(metric).isTrue());
            assertThat(scraped.text()).contains("application=\"" + service.name() + "\"");
            assertThat(OWN_METRICS.getOrDefault(service.name(), List.of()))
                    .as(service.name() + " " + scraped.names())
                    .allSatisfy(
                            metric -> assertThat(scraped.has(metric)).as(metric).isTrue());
        }
    }

    @Test
    void theLagMetricRisesWhileAConsumerIsStoppedAndFallsWhenItCatchesUp() throws Exception {
        Scrapes scrapes = new Scrapes(touchflow);
        String scraper = scrapes.token("prometheus", "viewer", "*");
        int enrollment = touchflow.settings().services().enrollment();
        String lag = "touchflow_consumer_lag_records";
        String meetingBooked = "topic=\"" + Topics.MEETING_BOOKED + "\"";
        MessageListenerContainer listener = touchflow
                .context("enrollment-service")
                .getBean(KafkaListenerEndpointRegistry.class)
                .getListenerContainer("enrollment.meeting-booked");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> scrapes.scrape(enrollment, scraper).value(lag, meetingBooked) == 0);

        // While enrollment-service's meeting-booked consumer is stopped, three bookings come
        listener.stop();
        KafkaProbe kafka = new KafkaProbe(touchflow.bootstrapServers());
        for (int i = 0; i < 3; i++) {
            String contact = "lagging-" + UUID.randomUUID();
            kafka.sendText(
                    Topics.MEETING_BOOKED, "b2bea:" + contact, """
                    {"event_id": "%s", "client_id": "b2bea", "contact": {"id": "%s", "email": "%s@acme.example"}}""".formatted(UUID.randomUUID(), contact, contact));
        }
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> scrapes.scrape(enrollment, scraper).value(lag, meetingBooked) == 3);
        } finally {
            listener.start();
        }

        // and once it runs again it catches up
        await().atMost(Duration.ofSeconds(60))
                .until(() -> scrapes.scrape(enrollment, scraper).value(lag, meetingBooked) == 0);
    }

    @Test
    void everyMetricTheDashboardQueriesIsServedByAService() throws Exception {
        // the replies counter has a series once a reply was taken: one nobody was written to, unmatched
        LocalRuns.mailReply(
                touchflow,
                "someone." + UUID.randomUUID() + "@elsewhere.example",
                "<never-sent@b2bea.example>",
                "A question",
                Map.of(),
                "Who are you?");
        Scrapes scrapes = new Scrapes(touchflow);
        String scraper = scrapes.token("prometheus", "viewer", "*");
        Set<String> queried = new TreeSet<>();
        for (String query : DashboardQueries.queries(Path.of("../deploy/grafana/touchflow.json"))) {
            queried.addAll(DashboardQueries.metrics(query));
        }

        Set<String> missing = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> {
                            List<Scrapes.Answer> scraped = touchflow.services().stream()
                                    .map(service -> scrapes.scrape(service.port(), scraper))
                                    .toList();
                            return queried.stream()
                                    .filter(metric -> scraped.stream().noneMatch(answer -> answer.has(metric)))
                                    .collect(Collectors.toCollection(TreeSet::new));
                        },
                        Set::isEmpty);
        assertThat(missing).isEmpty();
        assertThat(queried).contains("touchflow_replies_total", "touchflow_consumer_lag_records");
    }

    @Test
    void ingressTopicsDeadLetterExactlyTheInvalidRecordsAndEveryValidOneTakesEffect() throws Exception {
        Scrapes scrapes = new Scrapes(touchflow);
        String scraper = scrapes.token("prometheus", "viewer", "*");
        int enrollmentPort = touchflow.settings().services().enrollment();
        double countedBefore = deadLettersCounted(scrapes.scrape(enrollmentPort, scraper));
        String run = Long.toString(SEED & 0xffffffffL, 36)
                + UUID.randomUUID().toString().substring(0, 4);
        KafkaProbe kafka = new KafkaProbe(touchflow.bootstrapServers());
        List<Probe> probes = probes(1200);
        int valid = 0;
        int invalid = 0;
        for (int i = 0; i < probes.size(); i++) {
            Probe probe = probes.get(i);
            String contact = "hostile-" + run + "-" + i;
            String topic = i % 2 == 0 ? Topics.MEETING_BOOKED : Topics.PIPELINE_STAGE_CHANGED;
            String json = validIngress(topic, contact, probe);
            int kind = Math.floorMod(probe.shape(), 9);
            if (kind >= 2) {
                String broken = broken(json, kind, probe);
                kafka.sendText(topic, "b2bea:" + contact, broken);
                invalid++;
            } else {
                kafka.sendText(topic, "b2bea:" + contact, json);
                valid++;
            }
        }
        ConsumerLag lag = new ConsumerLag(touchflow.bootstrapServers());
        await().atMost(Duration.ofMinutes(3)).until(() -> lag.of(List.of("enrollment-service")) == 0);

        String prefix = "b2bea:hostile-" + run + "-";
        long deadLettered = kafka.readAll(
                                Topics.deadLetter(Topics.MEETING_BOOKED, "enrollment-service"),
                                record -> record.key() != null && record.key().startsWith(prefix))
                        .size()
                + kafka.readAll(
                                Topics.deadLetter(Topics.PIPELINE_STAGE_CHANGED, "enrollment-service"),
                                record -> record.key() != null && record.key().startsWith(prefix))
                        .size();
        assertThat(deadLettered).as("seed " + SEED).isEqualTo(invalid);
        assertThat(effects(run)).as("seed " + SEED).isEqualTo(valid);
        // and the service counted each in its metrics
        assertThat(deadLettersCounted(scrapes.scrape(enrollmentPort, scraper)) - countedBefore)
                .isEqualTo(invalid);
    }

    private static double deadLettersCounted(Scrapes.Answer scraped) {
        return scraped.value("touchflow_dead_letters_total", "topic=\"" + Topics.MEETING_BOOKED + "\"")
                + scraped.value("touchflow_dead_letters_total", "topic=\"" + Topics.PIPELINE_STAGE_CHANGED + "\"");
    }

    /** Gate requests and remembered pipeline stages of this run's contacts. */
    private static long effects(String run) throws Exception {
        long count = 0;
        try (var connection = DriverManager.getConnection(
                        touchflow.postgres().jdbcUrl("touchflow_enrollment"),
                        touchflow.postgres().username(),
                        "");
                var statement = connection.createStatement()) {
            for (String table : List.of("gate_requests", "contact_stages")) {
                var rows = statement.executeQuery(
                        "SELECT count(*) FROM " + table + " WHERE contact_id LIKE 'hostile-" + run + "-%'");
                rows.next();
                count += rows.getLong(1);
            }
        }
        return count;
    }

    private static String validIngress(String topic, String contact, Probe probe) {
        String name = jsonString(probe.text().replaceAll("[\\p{Cntrl}\\u0080-\\u009f\\u2028\\u2029]", ""));
        String common =
                "\"event_id\": \"" + UUID.randomUUID() + "\", \"client_id\": \"b2bea\", \"contact\": {\"id\": \""
                        + contact + "\", \"email\": \"" + contact + "@acme.example\", \"first_name\": " + name
                        + ", \"timezone\": \"Europe/Berlin\"}";
        return Topics.MEETING_BOOKED.equals(topic)
                ? "{" + common + ", \"booked_by\": \"roles.bdr\", \"meeting\": {\"notes\": " + name + "}}"
                : "{" + common + ", \"old_stage\": \"lead\", \"new_stage\": \"stage-" + Math.floorMod(probe.number(), 5)
                        + "\"}";
    }

    /** A valid record broken one known way: each of these must be dead-lettered, never retried or taken. */
    private static String broken(String json, int kind, Probe probe) {
        return switch (kind) {
            case 2 -> probe.text().startsWith("{") ? "x" + probe.text() : probe.text() + "{";
            case 3 -> json.replaceFirst("\"email\": \"[^\"]*\"", "\"email\": \"not-an-address\"");
            case 4 -> json.replaceFirst("\"first_name\": \"", "\"first_name\": \"\\\\r\\\\nBcc: x@y.z ");
            case 5 -> json.replace("Europe/Berlin", "Mars/" + probe.pick().replaceAll("[^a-zA-Z]", "") + "Olympus");
            case 6 ->
                json.replace("\"client_id\": \"b2bea\"", "\"client_id\": \"nobody-" + Math.abs(probe.number()) + "\"");
            case 7 -> json.replaceFirst(", \"email\": \"[^\"]*\"", "");
            default -> "[" + json + "]";
        };
    }

    private static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }

    private static List<Probe> probes(int count) {
        return Instancio.of(Probe.class)
                .withSeed(SEED)
                .generate(
                        field(Probe::text),
                        gen -> gen.string()
                                .length(0, 40)
                                .mixedCase()
                                .unicode(
                                        Character.UnicodeBlock.BASIC_LATIN,
                                        Character.UnicodeBlock.LATIN_1_SUPPLEMENT,
                                        Character.UnicodeBlock.GENERAL_PUNCTUATION,
                                        Character.UnicodeBlock.CYRILLIC))
                .generate(field(Probe::pick), gen -> gen.oneOf(NASTY))
                .stream()
                .limit(count)
                .toList();
    }

    // --- what to call ---

    /** One endpoint: where it is, the query parameters its handler reads, and the fields of its body. */
    record Target(
            HttpMethod method, int port, String pattern, List<String> params, List<String> bodyFields, boolean body) {

        Call call(Probe path, Probe query, Probe content) {
            String uri = pattern.replaceAll(
                    "\\{[^}]+}",
                    Matcher.quoteReplacement(UriUtils.encodePathSegment(value(path), StandardCharsets.UTF_8)));
            StringBuilder q = new StringBuilder();
            for (String param : params) {
                if (Math.floorMod(query.number() + param.hashCode(), 4) != 0) {
                    q.append(q.isEmpty() ? "?" : "&")
                            .append(param)
                            .append('=')
                            .append(UriUtils.encodeQueryParam(value(query), StandardCharsets.UTF_8));
                }
            }
            return new Call(
                    method,
                    "http://127.0.0.1:" + port + uri + q,
                    body ? body(content) : null,
                    Math.floorMod(content.shape(), 7) == 0 ? MediaType.TEXT_PLAIN : MediaType.APPLICATION_JSON);
        }

        private String body(Probe probe) {
            return switch (Math.floorMod(probe.shape(), 6)) {
                case 0 -> probe.text();
                case 1 -> "{\"" + (bodyFields.isEmpty() ? "x" : bodyFields.get(0)) + "\": [[[[[[[[[[{}]]]]]]]]]]}";
                case 2 -> "[" + jsonString(value(probe)) + "]";
                default -> {
                    StringBuilder json = new StringBuilder("{");
                    for (int i = 0; i < bodyFields.size(); i++) {
                        json.append(i == 0 ? "" : ",")
                                .append('"')
                                .append(bodyFields.get(i))
                                .append("\":");
                        int kind = Math.floorMod(probe.number() + i, 5);
                        json.append(
                                switch (kind) {
                                    case 0 -> jsonString(value(probe));
                                    case 1 -> String.valueOf(probe.number());
                                    case 2 -> "[" + jsonString(probe.pick()) + "]";
                                    case 3 -> "{\"" + probe.pick().replace("\"", "") + "\":null}";
                                    default -> "null";
                                });
                    }
                    yield json.append('}').toString();
                }
            };
        }

        private static String value(Probe probe) {
            return switch (Math.floorMod(probe.number(), 3)) {
                case 0 -> probe.pick();
                case 1 -> probe.text();
                default -> probe.text() + probe.pick();
            };
        }
    }

    record Call(HttpMethod method, String uri, String body, MediaType type) {

        @Override
        public String toString() {
            String shown = body == null ? "" : " body " + (body.length() > 200 ? body.substring(0, 200) + "…" : body);
            return method + " " + (uri.length() > 300 ? uri.substring(0, 300) + "…" : uri) + shown;
        }
    }

    private static Mono<Integer> send(WebClient http, Call call) {
        WebClient.RequestBodySpec request = http.method(call.method()).uri(URI.create(call.uri()));
        WebClient.RequestHeadersSpec<?> ready =
                call.body() == null ? request : request.contentType(call.type()).bodyValue(call.body());
        return ready.exchangeToMono(response ->
                        response.releaseBody().thenReturn(response.statusCode().value()))
                .timeout(
                        Duration.ofSeconds(30),
                        Mono.error(() -> new AssertionError("no answer within 30 s to " + call)));
    }

    private static List<Target> targets(int port, RequestMappingInfo info, HandlerMethod handler) {
        List<String> params = new ArrayList<>();
        List<String> bodyFields = new ArrayList<>();
        boolean body = false;
        for (MethodParameter parameter : handler.getMethodParameters()) {
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param != null) {
                String name = !param.name().isEmpty()
                        ? param.name()
                        : !param.value().isEmpty() ? param.value() : snake(parameter.getParameterName());
                params.add(name);
            }
            if (parameter.hasParameterAnnotation(RequestBody.class)) {
                body = true;
                Class<?> type = parameter.getParameterType();
                if (type.isRecord()) {
                    for (RecordComponent component : type.getRecordComponents()) {
                        bodyFields.add(snake(component.getName()));
                    }
                }
            }
        }
        List<Target> targets = new ArrayList<>();
        for (var method : info.getMethodsCondition().getMethods()) {
            for (var pattern : info.getPatternsCondition().getPatterns()) {
                boolean sendsBody =
                        body || method.asHttpMethod() == HttpMethod.POST || method.asHttpMethod() == HttpMethod.PUT;
                targets.add(new Target(
                        method.asHttpMethod(), port, pattern.getPatternString(), params, bodyFields, sendsBody));
            }
        }
        return targets;
    }

    private static String snake(String name) {
        return name == null
                ? "x"
                : name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
