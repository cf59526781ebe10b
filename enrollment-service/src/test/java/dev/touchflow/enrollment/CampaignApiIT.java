package dev.touchflow.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.platform.kafka.EventHeaders;
import dev.touchflow.schemas.campaign.CampaignVersionPublished;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.enrollment.Enrolled;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.enrollment.Exited;
import dev.touchflow.schemas.enrollment.Paused;
import dev.touchflow.schemas.enrollment.Resumed;
import dev.touchflow.schemas.replies.ReplyClassified;
import dev.touchflow.schemas.serde.AvroSingleObjectDeserializer;
import dev.touchflow.schemas.serde.AvroSingleObjectSerializer;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.testkit.KafkaProbe;
import dev.touchflow.testkit.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Campaigns edited through the API, in versions; enrollments enrolled, paused, resumed, exited; triggers. */
class CampaignApiIT extends EnrollmentServiceIT {

    private final KafkaProbe kafka = new KafkaProbe(TestInfrastructure.get().bootstrapServers());
    private final AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();
    private final String run = UUID.randomUUID().toString().substring(0, 6);

    @Autowired
    private DatabaseClient db;

    @Test
    void anInvalidCampaignIsAProblemNamingEachBadField() {
        Map<String, Object> bad =
                campaign("bad_" + run, Map.of("converted", "nowhere"), null, step(1, 0, "fax"), step(1, -5, "email"));

        post("/api/v1/campaigns", bad)
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'steps[0].channel')]")
                .exists()
                .jsonPath("$.errors[?(@.field == 'steps[1].delay_minutes')]")
                .exists();
        post(
                        "/api/v1/campaigns",
                        campaign(
                                "bad_" + run,
                                Map.of("converted", "nowhere"),
                                null,
                                step(1, 0, "email"),
                                step(1, 1, "email")))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'steps[1].step_number')]")
                .exists()
                .jsonPath("$.errors[?(@.field == 'on_exit.converted')]")
                .exists();
        post(
                        "/api/v1/campaigns",
                        campaign("loop_" + run, Map.of("no_engagement", "loop_" + run), null, step(1, 0, "email")))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("on_exit.no_engagement");
        Map<String, Object> halfWindow = campaign("window_" + run, Map.of(), null, step(1, 0, "email"));
        halfWindow.put("schedule", Map.of("business_days_only", true, "window_start", "08:00"));
        post("/api/v1/campaigns", halfWindow)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("schedule.window");
        Map<String, Object> otherClient = campaign("client_" + run, Map.of(), null, step(1, 0, "email"));
        otherClient.put("client_id", "nobody");
        post("/api/v1/campaigns", otherClient)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("client_id");
        Map<String, Object> agentWithoutName = campaign("agent_" + run, Map.of(), null, step(1, 0, "email"));
        agentWithoutName.put("drafting", Map.of("mode", "agent", "approval_window_minutes", 0));
        post("/api/v1/campaigns", agentWithoutName)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'drafting.agent')]")
                .exists()
                .jsonPath("$.errors[?(@.field == 'drafting.approval_window_minutes')]")
                .exists();
        http().get()
                .uri("/api/v1/campaigns/bad_" + run)
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void editingMakesANewVersionWhileRunningEnrollmentsKeepTheirs() {
        String slug = "versions_" + run;
        Map<String, Object> newThread = new HashMap<>(step(2, 3, "email"));
        newThread.put("new_thread", true);
        Map<String, Object> byLlm = campaign(slug, Map.of(), null, step(1, 0, "email"), newThread);
        byLlm.put("drafting", Map.of("mode", "llm", "approval_window_minutes", 1440));
        post("/api/v1/campaigns", byLlm)
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.version")
                .isEqualTo(1)
                .jsonPath("$.drafting.mode")
                .isEqualTo("llm");
        String early = "early-" + run;
        enroll(slug, early);
        Enrolled first = await().atMost(Duration.ofSeconds(30)).until(() -> enrolled(early, slug), e -> e != null);

        post("/api/v1/campaigns/" + slug + "/steps", step(3, 7, "linkedin"))
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.version")
                .isEqualTo(2)
                .jsonPath("$.steps.length()")
                .isEqualTo(3);
        String late = "late-" + run;
        enroll(slug, late);
        Enrolled second = await().atMost(Duration.ofSeconds(30)).until(() -> enrolled(late, slug), e -> e != null);

        assertThat(first.getCampaignVersion()).isEqualTo(1);
        assertThat(first.getDrafting().getMode()).isEqualTo("llm");
        assertThat(first.getSteps()).extracting(step -> step.getNewThread()).containsExactly(false, true);
        assertThat(first.getDrafting().getApprovalWindowMinutes()).isEqualTo(1440L);
        assertThat(first.getSteps()).hasSize(2);
        assertThat(second.getCampaignVersion()).isEqualTo(2);
        assertThat(second.getSteps()).hasSize(3);
        http().get()
                .uri("/api/v1/campaigns/" + slug + "/versions/1")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.steps.length()")
                .isEqualTo(2);
        List<CampaignVersionPublished> published =
                kafka.readAll(Topics.CAMPAIGN_VERSIONS, r -> slug.equals(r.key())).stream()
                        .map(r -> (CampaignVersionPublished) avro.deserialize(Topics.CAMPAIGN_VERSIONS, r.value()))
                        .toList();
        assertThat(published).extracting(CampaignVersionPublished::getVersion).containsExactly(1, 2);

        http().delete()
                .uri("/api/v1/campaigns/" + slug)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("archived");
        post("/api/v1/campaigns/" + slug + "/enroll", Map.of("contacts", List.of(contact("after-" + run))))
                .expectStatus()
                .isEqualTo(409);
    }

    @Test
    void aPersonPausesResumesAndExitsAnEnrollmentAndTheExitIsRouted() {
        String next = "next_" + run;
        String slug = "actions_" + run;
        post("/api/v1/campaigns", campaign(next, Map.of(), null, step(1, 0, "email")))
                .expectStatus()
                .isCreated();
        post("/api/v1/campaigns", campaign(slug, Map.of("converted", next), null, step(1, 0, "email")))
                .expectStatus()
                .isCreated();
        String contact = "acting-" + run;
        enroll(slug, contact);
        Enrolled enrolled = await().atMost(Duration.ofSeconds(30)).until(() -> enrolled(contact, slug), e -> e != null);
        String id = enrolled.getEnrollmentId();

        act(id, "pause", "asked to wait")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("paused");
        act(id, "pause", null).expectStatus().isEqualTo(409);
        act(id, "resume", null)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("active");
        act(id, "exit", null)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("reason");
        act(id, "explode", null)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("action");
        act(id, "exit", "converted")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("exited")
                .jsonPath("$.exit_reason")
                .isEqualTo("converted");

        List<Object> lifecycle =
                await().atMost(Duration.ofSeconds(30)).until(() -> payloads(contact), p -> p.size() >= 5);
        assertThat(lifecycle)
                .extracting(p -> p.getClass().getSimpleName())
                .containsSubsequence("Enrolled", "Paused", "Resumed", "Exited");
        assertThat(((Paused) lifecycle.get(1)).getReason()).isEqualTo("asked to wait");
        Enrolled routed = await().atMost(Duration.ofSeconds(30)).until(() -> enrolled(contact, next), e -> e != null);
        assertThat(routed.getEnrolledBy()).isEqualTo("exit_router");
        assertThat(routed.getSteps()).hasSize(1);
    }

    @Test
    void anExitChainThatKeepsComingBackIsStoppedAndTheStopIsRecorded() {
        String x = "ping_" + run;
        String y = "pong_" + run;
        post("/api/v1/campaigns", campaign(y, Map.of(), null, step(1, 0, "email")))
                .expectStatus()
                .isCreated();
        post("/api/v1/campaigns", campaign(x, Map.of("converted", y), null, step(1, 0, "email")))
                .expectStatus()
                .isCreated();
        Map<String, Object> pong = campaign(y, Map.of("converted", x), null, step(1, 0, "email"));
        http().put()
                .uri("/api/v1/campaigns/" + y)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(pong)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.version")
                .isEqualTo(2);
        String contact = "looping-" + run;
        enroll(x, contact);

        // x → y → x → y: each exit converted is routed on, until x would come round a third time (max repeats 2)
        for (int hop = 1; hop <= 4; hop++) {
            int enrollments = hop;
            List<Enrolled> enrolled = await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> payloads(contact).stream()
                                    .filter(Enrolled.class::isInstance)
                                    .map(Enrolled.class::cast)
                                    .toList(),
                            list -> list.size() == enrollments);
            act(enrolled.get(hop - 1).getEnrollmentId(), "exit", "converted")
                    .expectStatus()
                    .isOk();
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> refusals(contact).stream()
                        .anyMatch(r -> String.valueOf(r.get("reason"))
                                .startsWith("exit routing loop stopped after [" + x + ", " + y)));
        assertThat(payloads(contact).stream()
                        .filter(Enrolled.class::isInstance)
                        .map(e -> ((Enrolled) e).getCampaignSlug()))
                .containsExactly(x, y, x, y);
    }

    @Test
    void aClassifiedReplyPausesExitsOrUnsubscribesAsItsLabelSays() {
        String slug = "replies_" + run;
        post("/api/v1/campaigns", campaign(slug, Map.of(), null, step(1, 0, "email"), step(2, 3, "email")))
                .expectStatus()
                .isCreated();
        String keen = "keen-" + run;
        String cold = "cold-" + run;
        String gone = "gone-" + run;
        for (String contact : List.of(keen, cold, gone)) {
            enroll(slug, contact);
        }
        Map<String, String> ids = new HashMap<>();
        for (String contact : List.of(keen, cold, gone)) {
            ids.put(
                    contact,
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> enrolled(contact, slug), e -> e != null)
                            .getEnrollmentId());
        }

        reply(keen, ids.get(keen), "interested");
        reply(cold, ids.get(cold), "not_interested");
        reply(gone, ids.get(gone), "unsubscribe");
        // the same reply delivered again changes nothing more
        reply(keen, ids.get(keen), "interested");

        await().atMost(Duration.ofSeconds(30)).until(() -> "paused".equals(status(ids.get(keen))));
        await().atMost(Duration.ofSeconds(30)).until(() -> "exited".equals(status(ids.get(cold))));
        await().atMost(Duration.ofSeconds(30)).until(() -> "exited".equals(status(ids.get(gone))));
        assertThat(payloads(keen).stream().filter(Paused.class::isInstance).map(p -> ((Paused) p).getReason()))
                .containsExactly("reply: interested");
        assertThat(payloads(cold).stream().filter(Exited.class::isInstance).map(e -> ((Exited) e).getReason()))
                .containsExactly("rejected");
        assertThat(payloads(gone).stream().filter(Exited.class::isInstance).map(e -> ((Exited) e).getReason()))
                .containsExactly("unsubscribed");
        post(
                        "/api/v1/campaigns/" + slug + "/enroll",
                        Map.of("contacts", List.of(Map.of("id", gone, "email", gone + "@acme.example"))))
                .expectStatus()
                .isAccepted();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> refusals(gone).stream()
                        .anyMatch(r -> String.valueOf(r.get("reason")).contains("unsubscribed")));
    }

    @Test
    void aReferralPausesAndProposesTheReferredPersonAtTheGateOnce() {
        String slug = "referral_" + run;
        post("/api/v1/campaigns", campaign(slug, Map.of(), null, step(1, 0, "email"), step(2, 3, "email")))
                .expectStatus()
                .isCreated();
        String pointer = "pointer-" + run;
        enroll(slug, pointer);
        String id = await().atMost(Duration.ofSeconds(30))
                .until(() -> enrolled(pointer, slug), e -> e != null)
                .getEnrollmentId();
        String referred = "maria." + run + "@acme.example";

        reply(pointer, id, "referral", event -> event.setReferralEmail(referred.toUpperCase(Locale.ROOT)));
        // the same reply again proposes nobody twice
        reply(pointer, id, "referral", event -> event.setReferralEmail(referred));

        await().atMost(Duration.ofSeconds(30)).until(() -> "paused".equals(status(id)));
        List<Map<String, Object>> proposals = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> gate().stream()
                                .filter(request -> ((Map<?, ?>) request.get("contact"))
                                        .get("email")
                                        .equals(referred))
                                .toList(),
                        list -> !list.isEmpty());
        assertThat(proposals).singleElement().satisfies(proposal -> {
            assertThat(proposal.get("booked_by")).isEqualTo("referral");
            assertThat(proposal.get("suggested_campaigns")).isEqualTo(List.of(slug));
            assertThat(((Map<?, ?>) proposal.get("contact")).get("id")).isEqualTo("referral:" + referred);
        });
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> gate() {
        return http()
                .get()
                .uri("/api/v1/gate?status=pending&limit=500")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBodyList(Map.class)
                .returnResult()
                .getResponseBody()
                .stream()
                .map(request -> (Map<String, Object>) request)
                .toList();
    }

    @Test
    void aHardBounceOrALeaverExitsEveryCampaignWhileASoftBounceChangesNothing() {
        String a = "bounce_a_" + run;
        String b = "bounce_b_" + run;
        post("/api/v1/campaigns", campaign(a, Map.of(), null, step(1, 0, "email"), step(2, 3, "email")))
                .expectStatus()
                .isCreated();
        post("/api/v1/campaigns", campaign(b, Map.of(), null, step(1, 0, "email"), step(2, 3, "email")))
                .expectStatus()
                .isCreated();
        String dead = "dead-" + run;
        String full = "full-" + run;
        String leaver = "leaver-" + run;
        Map<String, String> inA = new HashMap<>();
        for (String contact : List.of(dead, full, leaver)) {
            enroll(a, contact);
            enroll(b, contact);
            inA.put(
                    contact,
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> enrolled(contact, a), e -> e != null)
                            .getEnrollmentId());
            await().atMost(Duration.ofSeconds(30)).until(() -> enrolled(contact, b) != null);
        }

        reply(
                dead,
                inA.get(dead),
                "bounce",
                event ->
                        event.setBounceKind("hard").setBounceStatus("5.1.1").setBouncedAddress(dead + "@acme.example"));
        reply(
                full,
                inA.get(full),
                "bounce",
                event -> event.setBounceKind("soft").setBounceStatus("4.2.2"));
        reply(leaver, inA.get(leaver), "auto_reply", event -> event.setLeftCompany(true));
        // A later reply of the same contact (same key, so read after the soft bounce) shows it has been acted on
        reply(full, inA.get(full), "interested");

        for (String contact : List.of(dead, leaver)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> payloads(contact).stream()
                                    .filter(Exited.class::isInstance)
                                    .count()
                            == 2);
        }
        assertThat(payloads(dead).stream().filter(Exited.class::isInstance).map(e -> ((Exited) e).getReason()))
                .containsExactly("bounced", "bounced");
        assertThat(payloads(leaver).stream().filter(Exited.class::isInstance).map(e -> ((Exited) e).getReason()))
                .containsExactly("left_company", "left_company");
        await().atMost(Duration.ofSeconds(30)).until(() -> "paused".equals(status(inA.get(full))));
        assertThat(payloads(full).stream().filter(Exited.class::isInstance)).isEmpty();

        // A hard-bounced address is refused afterwards, with the reason
        enroll(a, dead);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> refusals(dead).stream()
                        .anyMatch(r -> String.valueOf(r.get("reason")).equals("contact is suppressed (bounced)")));
    }

    @Test
    void withAccountStopAPersonsReplyPausesTheirColleaguesButNotStrangersOrGmailNeighbours() {
        String stopping = "account_" + run;
        String plain = "no_account_" + run;
        Map<String, Object> withStop =
                new HashMap<>(campaign(stopping, Map.of(), null, step(1, 0, "email"), step(2, 3, "email")));
        withStop.put("account_stop", true);
        post("/api/v1/campaigns", withStop)
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.account_stop")
                .isEqualTo(true);
        post("/api/v1/campaigns", campaign(plain, Map.of(), null, step(1, 0, "email"), step(2, 3, "email")))
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.account_stop")
                .isEqualTo(false);
        String domain = "acme-" + run + ".example";
        Map<String, Map<String, Object>> people = new LinkedHashMap<>();
        people.put("ann-" + run, Map.of("email", "ann@" + domain, "company_id", "crm-acme-" + run));
        people.put("bob-" + run, Map.of("email", "Bob@" + domain.toUpperCase(Locale.ROOT)));
        people.put(
                "cy-" + run,
                Map.of("email", "cy@acme-subsidiary-" + run + ".example", "company_id", "crm-acme-" + run));
        people.put("dee-" + run, Map.of("email", "dee@other-" + run + ".example"));
        people.put("gus-" + run, Map.of("email", "gus." + run + "@gmail.com"));
        people.put("gil-" + run, Map.of("email", "gil." + run + "@gmail.com"));
        List<Map<String, Object>> contacts = people.entrySet().stream()
                .map(person -> {
                    Map<String, Object> contact = new HashMap<>(person.getValue());
                    contact.put("id", person.getKey());
                    return (Map<String, Object>) contact;
                })
                .toList();
        post("/api/v1/campaigns/" + stopping + "/enroll", Map.of("contacts", contacts))
                .expectStatus()
                .isAccepted();
        post("/api/v1/campaigns/" + plain + "/enroll", Map.of("contacts", contacts.subList(0, 2)))
                .expectStatus()
                .isAccepted();
        Map<String, String> ids = new HashMap<>();
        for (String id : people.keySet()) {
            ids.put(
                    id,
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> enrolled(id, stopping), e -> e != null)
                            .getEnrollmentId());
        }
        String annInPlain = await().atMost(Duration.ofSeconds(30))
                .until(() -> enrolled("ann-" + run, plain), e -> e != null)
                .getEnrollmentId();
        String bobInPlain = await().atMost(Duration.ofSeconds(30))
                .until(() -> enrolled("bob-" + run, plain), e -> e != null)
                .getEnrollmentId();

        reply("ann-" + run, ids.get("ann-" + run), "not_interested");
        reply("gus-" + run, ids.get("gus-" + run), "question");
        reply("ann-" + run, annInPlain, "interested");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> "paused".equals(status(ids.get("bob-" + run)))
                        && "paused".equals(status(ids.get("cy-" + run)))
                        && "paused".equals(status(annInPlain)));
        assertThat(status(ids.get("ann-" + run))).isEqualTo("exited");
        assertThat(payloads("bob-" + run).stream()
                        .filter(Paused.class::isInstance)
                        .map(p -> ((Paused) p).getReason()))
                .containsExactly("account: a colleague replied (not_interested)");
        // a stranger, a gmail neighbour, and a colleague in a campaign that did not ask for it go on
        await().atMost(Duration.ofSeconds(30)).until(() -> "paused".equals(status(ids.get("gus-" + run))));
        assertThat(status(ids.get("dee-" + run))).isEqualTo("active");
        assertThat(status(ids.get("gil-" + run))).isEqualTo("active");
        assertThat(status(bobInPlain)).isEqualTo("active");
    }

    @Test
    void aReplyWaitingForAPersonHoldsTheEnrollmentUntilThePersonsLabelForThatReplyReleasesIt() {
        String slug = "held_" + run;
        post("/api/v1/campaigns", campaign(slug, Map.of(), null, step(1, 0, "email"), step(2, 3, "email")))
                .expectStatus()
                .isCreated();
        String away = "away-" + run;
        String other = "other-" + run;
        String keen = "keener-" + run;
        Map<String, String> ids = new HashMap<>();
        for (String contact : List.of(away, other, keen)) {
            enroll(slug, contact);
            ids.put(
                    contact,
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> enrolled(contact, slug), e -> e != null)
                            .getEnrollmentId());
        }
        Map<String, String> held = new HashMap<>();
        for (String contact : List.of(away, other, keen)) {
            held.put(contact, UUID.randomUUID().toString());
            reply(
                    contact,
                    ids.get(contact),
                    "needs_review",
                    event -> event.setReplyId(held.get(contact)).setDecidedBy("nobody"));
        }
        for (String contact : List.of(away, other, keen)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "paused".equals(status(ids.get(contact))));
            assertThat(payloads(contact).stream()
                            .filter(Paused.class::isInstance)
                            .map(p -> ((Paused) p).getReason()))
                    .containsExactly("reply: waiting for a person's label");
        }

        // The person's label for the reply that held it: later asks nothing of the sequence, which resumes
        reply(
                away,
                ids.get(away),
                "later",
                event -> event.setReplyId(held.get(away)).setCorrectsEventId("e1"));
        // A label for some other reply releases nothing; an engaged label keeps the pause for a person
        reply(other, ids.get(other), "auto_reply", event -> event.setCorrectsEventId("e2"));
        reply(
                keen,
                ids.get(keen),
                "interested",
                event -> event.setReplyId(held.get(keen)).setCorrectsEventId("e3"));
        reply(
                keen,
                ids.get(keen),
                "auto_reply",
                event -> event.setReplyId(held.get(keen)).setCorrectsEventId("e4"));
        // then each exits, so everything before it on the contact's partition has been applied
        reply(other, ids.get(other), "not_interested");
        reply(keen, ids.get(keen), "not_interested");

        await().atMost(Duration.ofSeconds(30)).until(() -> "active".equals(status(ids.get(away))));
        assertThat(payloads(away)).filteredOn(Resumed.class::isInstance).hasSize(1);
        for (String contact : List.of(other, keen)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "exited".equals(status(ids.get(contact))));
            assertThat(payloads(contact)).noneMatch(Resumed.class::isInstance);
        }
    }

    private void reply(String contact, String enrollmentId, String label) {
        reply(contact, enrollmentId, label, event -> {});
    }

    private void reply(String contact, String enrollmentId, String label, Consumer<ReplyClassified.Builder> details) {
        EventHeader header = EventHeader.newBuilder()
                .setEventId("reply-" + contact + "-" + label)
                .setOccurredAt(Instant.now())
                .setClientId("b2bea")
                .setContactId(contact)
                .setCorrelationId("corr-" + contact)
                .setCausationId(null)
                .setProducer("reply-classifier-service")
                .build();
        ReplyClassified.Builder classified = ReplyClassified.newBuilder()
                .setHeader(header)
                .setReplyId(UUID.randomUUID().toString())
                .setEnrollmentId(enrollmentId)
                .setInReplyTo(null)
                .setLabel(label)
                .setConfidence(0.97)
                .setReturnDate(null)
                .setReferralEmail(null)
                .setDecidedBy("rules")
                .setCorrectsEventId(null);
        details.accept(classified);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                Topics.REPLY_CLASSIFIED,
                "b2bea:" + contact,
                new AvroSingleObjectSerializer().serialize(Topics.REPLY_CLASSIFIED, classified.build()));
        EventHeaders.write(record.headers(), EventHeaders.ID, header.getEventId());
        kafka.send(record);
    }

    private String status(String enrollmentId) {
        return String.valueOf(http().get()
                .uri("/api/v1/enrollments/" + enrollmentId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("status"));
    }

    @Test
    void anUnsubscribedContactExitsEveryCampaignAndIsRefusedVisiblyAfterwards() {
        String a = "unsub_a_" + run;
        String b = "unsub_b_" + run;
        post("/api/v1/campaigns", campaign(a, Map.of(), null, step(1, 0, "email")))
                .expectStatus()
                .isCreated();
        post("/api/v1/campaigns", campaign(b, Map.of(), null, step(1, 0, "email")))
                .expectStatus()
                .isCreated();
        String contact = "leaving-" + run;
        enroll(a, contact);
        enroll(b, contact);
        Enrolled inA = await().atMost(Duration.ofSeconds(30)).until(() -> enrolled(contact, a), e -> e != null);
        await().atMost(Duration.ofSeconds(30)).until(() -> enrolled(contact, b) != null);

        act(inA.getEnrollmentId(), "unsubscribe", null).expectStatus().isOk();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> payloads(contact).stream()
                                .filter(p -> p instanceof Exited exited && "unsubscribed".equals(exited.getReason()))
                                .count()
                        == 2);

        enroll(a, contact);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> refusals(contact).stream()
                        .anyMatch(r -> String.valueOf(r.get("reason")).equals("contact is suppressed (unsubscribed)")));
        assertThat(payloads(contact).stream().filter(Enrolled.class::isInstance))
                .hasSize(2);
    }

    @Test
    void aStageChangeEnrollsIntoTriggeredCampaignsAndTheSweepCatchesEarlierOnes() {
        String stage = "proposal_" + run;
        String slug = "triggered_" + run;
        post("/api/v1/campaigns", campaign(slug, Map.of(), stage, step(1, 0, "email")))
                .expectStatus()
                .isCreated();
        String now = "reached-" + run;
        kafka.sendText(Topics.PIPELINE_STAGE_CHANGED, "b2bea:" + now, stageChanged(now, stage));
        Enrolled triggered = await().atMost(Duration.ofSeconds(30)).until(() -> enrolled(now, slug), e -> e != null);
        assertThat(triggered.getEnrolledBy()).isEqualTo("trigger");

        // a contact reached a stage before any campaign triggered on it
        String earlyStage = "negotiation_" + run;
        String before = "before-" + run;
        kafka.sendText(Topics.PIPELINE_STAGE_CHANGED, "b2bea:" + before, stageChanged(before, earlyStage));
        await().atMost(Duration.ofSeconds(30)).until(() -> stageOf(before), earlyStage::equals);
        String late = "late_trigger_" + run;
        post("/api/v1/campaigns", campaign(late, Map.of(), earlyStage, step(1, 0, "email")))
                .expectStatus()
                .isCreated();

        http().post()
                .uri("/api/v1/triggers/sweep")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.enrollments_requested")
                .value(n -> assertThat(((Number) n).intValue()).isPositive());
        assertThat(await().atMost(Duration.ofSeconds(30))
                        .until(() -> enrolled(before, late), e -> e != null)
                        .getEnrolledBy())
                .isEqualTo("trigger");
        await().atMost(Duration.ofSeconds(30)).until(() -> sweep() == 0);
    }

    private String stageOf(String contact) {
        return db.sql("SELECT stage FROM contact_stages WHERE client_id = 'b2bea' AND contact_id = :contact")
                .bind("contact", contact)
                .map(row -> row.get("stage", String.class))
                .one()
                .block();
    }

    private long sweep() {
        return ((Number) http().post()
                        .uri("/api/v1/triggers/sweep")
                        .exchange()
                        .expectBody(Map.class)
                        .returnResult()
                        .getResponseBody()
                        .get("enrollments_requested"))
                .longValue();
    }

    private Enrolled enrolled(String contact, String slug) {
        return payloads(contact).stream()
                .filter(Enrolled.class::isInstance)
                .map(Enrolled.class::cast)
                .filter(e -> slug.equals(e.getCampaignSlug()))
                .findFirst()
                .orElse(null);
    }

    private List<Object> payloads(String contact) {
        return kafka.readAll(Topics.ENROLLMENT, r -> ("b2bea:" + contact).equals(r.key())).stream()
                .map(r -> ((EnrollmentEvent) avro.deserialize(Topics.ENROLLMENT, r.value())).getPayload())
                .toList();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> refusals(String contact) {
        return http()
                .get()
                .uri("/api/v1/refusals?client_id=b2bea&contact_id=" + contact)
                .exchange()
                .expectBodyList(Map.class)
                .returnResult()
                .getResponseBody()
                .stream()
                .map(m -> (Map<String, Object>) m)
                .toList();
    }

    private void enroll(String slug, String contact) {
        post("/api/v1/campaigns/" + slug + "/enroll", Map.of("contacts", List.of(contact(contact)), "goal", "pipeline"))
                .expectStatus()
                .isAccepted()
                .expectBody()
                .jsonPath("$.accepted")
                .isEqualTo(1);
    }

    private WebTestClient.ResponseSpec act(String id, String action, String reason) {
        Map<String, Object> body = new HashMap<>();
        body.put("action", action);
        body.put("reason", reason);
        return http().put()
                .uri("/api/v1/enrollments/" + id)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private WebTestClient.ResponseSpec post(String uri, Object body) {
        return http().post()
                .uri(uri)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private static Map<String, Object> contact(String id) {
        return Map.of("id", id, "email", id + "@acme.example", "first_name", "Dana", "timezone", "America/New_York");
    }

    private static Map<String, Object> campaign(
            String slug, Map<String, String> onExit, String trigger, Map<String, Object>... steps) {
        Map<String, Object> campaign = new HashMap<>(Map.of(
                "slug",
                slug,
                "name",
                "Campaign " + slug,
                "client_id",
                "b2bea",
                "type",
                "membership",
                "owner_role",
                "roles.sales",
                "on_exit",
                onExit,
                "grace_period_minutes",
                4320,
                "steps",
                List.of(steps)));
        if (trigger != null) {
            campaign.put("trigger_stage", trigger);
        }
        return campaign;
    }

    private static Map<String, Object> step(int number, long days, String channel) {
        return Map.of(
                "step_number",
                number,
                "delay_minutes",
                days * 1440,
                "channel",
                channel,
                "content_type",
                "follow_up",
                "subject_template",
                "Hi {{first_name}}",
                "body_template",
                "Hello {{first_name}}");
    }

    private static String stageChanged(String contact, String stage) {
        return """
                {"event_id": "%s", "client_id": "b2bea", "contact": {"id": "%s", "email": "%s@acme.example"},
                 "old_stage": "new", "new_stage": "%s"}""".formatted(UUID.randomUUID(), contact, contact, stage);
    }
}
