package dev.touchflow.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.schemas.enrollment.Exited;
import dev.touchflow.schemas.enrollment.Paused;
import dev.touchflow.schemas.enrollment.Resumed;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a classified reply does to enrollments: pause, exit, unsubscribe, propose a referral, stop an account, wait for a person. */
class RepliesToEnrollmentsIT extends CampaignApiTest {

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
}
