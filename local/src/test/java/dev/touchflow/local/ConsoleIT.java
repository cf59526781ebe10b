package dev.touchflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.local.issuer.People;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.testkit.HttpClients;
import dev.touchflow.testkit.KafkaProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The console on the runner: a person signs in through the local issuer (the code flow with PKCE), sees
 * the drafts waiting for them, and approves one; the approval is theirs in drafting-service. A viewer
 * sees the same drafts and is refused a decision; a person of another client sees none of them.
 */
class ConsoleIT {

    @TempDir
    static Path state;

    static LocalTouchflow touchflow;
    static WebTestClient drafting;
    static People people;
    static ConsoleDrafts drafts;

    @BeforeAll
    static void startTouchflow() {
        // an undo window long enough to cancel in, short enough for a send to leave within the test
        touchflow = LocalRuns.start(
                state,
                Map.of("touchflow.sequencer.poll-interval", "100ms", "touchflow.dispatch.undo-window", "10s"),
                Clock.systemUTC());
        drafting = LocalRuns.client(touchflow.settings().services().drafting(), touchflow.operatorToken());
        people = new People(state.resolve("issuer").resolve("people.json"));
        drafts = new ConsoleDrafts(touchflow, drafting, "console_follow_up");
    }

    @AfterAll
    static void stopTouchflow() {
        if (touchflow != null) {
            touchflow.close();
        }
    }

    @Test
    void anApproverSignsInSeesTheDraftWaitingAndApprovesIt() throws Exception {
        // Given a draft of b2bea's waiting for a person, and an approver of b2bea
        Map<String, Object> waiting = drafts.pendingOfANewContact();
        String password = people.add("ann", List.of("approver"), List.of("b2bea"));
        Browser browser = new Browser();

        // When they open the console: sent to the issuer with a PKCE challenge, to its sign-in form
        Browser.Page signIn = browser.open(touchflow.consoleUrl() + "/approvals");
        assertThat(signIn.url()).isEqualTo(touchflow.issuer() + "/login");
        assertThat(signIn.visited())
                .anySatisfy(url -> assertThat(url)
                        .startsWith(touchflow.issuer() + "/oauth2/authorize?")
                        .contains("code_challenge_method=S256", "client_id=touchflow-console"));
        // and signed in, back on the approval screen, with the draft as it will be sent
        Browser.Page approvals =
                browser.submit(signIn, signIn.form("form"), Map.of("username", "ann", "password", password));
        assertThat(approvals.url()).isEqualTo(touchflow.consoleUrl() + "/approvals");
        assertThat(approvals.html().select(".who").text()).isEqualTo("ann");
        assertThat(approvals
                        .html()
                        .select("[data-id=" + waiting.get("id") + "] .subject")
                        .text())
                .isEqualTo(waiting.get("subject"));

        // Then approving it there approves it in drafting-service, as ann
        Browser.Page after =
                browser.submit(approvals, approvals.form("[data-id=" + waiting.get("id") + "] form.approve"), Map.of());
        assertThat(after.html().select(".notice").text()).isEqualTo("Approved.");
        assertThat(after.html().select("[data-id=" + waiting.get("id") + "]")).isEmpty();
        Map<String, Object> decided = drafts.draft(waiting.get("id"));
        assertThat(decided.get("status")).isEqualTo("approved");
        assertThat(decided.get("approved_by")).isEqualTo("ann");
    }

    @Test
    void aSendJustApprovedCanBeCancelledWithinItsUndoWindow() throws Exception {
        // Given a draft approved in the console
        Map<String, Object> waiting = drafts.pendingOfANewContact();
        Browser browser = signedIn("uma", List.of("approver"), List.of("b2bea"));
        Browser.Page approvals = browser.open(touchflow.consoleUrl() + "/approvals");
        Browser.Page approved =
                browser.submit(approvals, approvals.form("[data-id=" + waiting.get("id") + "] form.approve"), Map.of());

        // Then the page offers its send's undo until the window closes
        Browser.Page cancelled = browser.submit(approved, approved.form(".undo form.undo-cancel"), Map.of());

        // and cancelling it there cancels the send in dispatch-service, as uma
        assertThat(cancelled.html().select(".notice").text()).isEqualTo("Cancelled: it will not be sent.");
        assertThat(cancelled.html().select(".undo")).isEmpty();
        assertThat(drafts.sendsOf(waiting.get("id")))
                .singleElement()
                .satisfies(send -> assertThat(send)
                        .containsEntry("status", "cancelled")
                        .containsEntry("last_error", "cancelled by uma"));
    }

    @Test
    void aDraftEditedOnThePageIsApprovedAsEditedAndTickedDraftsAreApprovedTogether() throws Exception {
        Map<String, Object> edited = drafts.pendingOfANewContact();
        Map<String, Object> ticked = drafts.pendingOfANewContact();
        Map<String, Object> alsoTicked = drafts.pendingOfANewContact();
        Browser browser = signedIn("eve", List.of("approver"), List.of("b2bea"));
        Browser.Page approvals = browser.open(touchflow.consoleUrl() + "/approvals");

        // Edited in place, it is approved with exactly the person's words
        Browser.Page afterEdit = browser.submit(
                approvals,
                approvals.form("[data-id=" + edited.get("id") + "] form.approve-edited"),
                Map.of("subject", "Quick question, Dana", "body", "Dana, one line from me."));
        assertThat(afterEdit.html().select(".notice").text()).isEqualTo("Approved as edited.");
        assertThat(drafts.draft(edited.get("id")))
                .containsEntry("status", "approved")
                .containsEntry("subject", "Quick question, Dana")
                .containsEntry("body", "Dana, one line from me.");

        // Two ticked drafts are approved together
        Browser.Page bulk = browser.submit(
                afterEdit,
                afterEdit.form("#bulk"),
                Map.of("ids", ticked.get("id").toString()),
                Map.of("ids", alsoTicked.get("id").toString()));
        assertThat(bulk.html().select(".notice").text()).isEqualTo("Approved 2 of 2.");
        assertThat(drafts.draft(ticked.get("id"))).containsEntry("status", "approved");
        assertThat(drafts.draft(alsoTicked.get("id"))).containsEntry("status", "approved");
    }

    @Test
    void anOperatorRoutesABookedMeetingAtTheGateAndItsContactIsEnrolled() throws Exception {
        // Given a meeting booked for a new contact of b2bea's, with notes and a suggested campaign
        String contact = "gate-" + UUID.randomUUID().toString().substring(0, 8);
        new KafkaProbe(touchflow.bootstrapServers()).sendText(Topics.MEETING_BOOKED, "b2bea:" + contact, """
                {"event_id": "%s", "client_id": "b2bea",
                 "contact": {"id": "%s", "email": "%s@acme.example", "first_name": "Gus", "last_name": "Ode",
                             "company": "Acme", "title": "CMO"},
                 "meeting": {"booked_at": "2026-04-29T14:00:00Z", "notes": "wants pipeline; budget in Q3"},
                 "booked_by": "roles.bdr", "suggested_campaigns": ["b2bea_membership_close"]}
                """.formatted(
                        UUID.randomUUID(), contact, contact));
        Browser browser = signedIn("otto", List.of("operator"), List.of("b2bea"));
        Browser.Page gate = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> browser.open(touchflow.consoleUrl() + "/gate"),
                        page -> !page.html()
                                .select(".request:contains(Gus Ode)")
                                .isEmpty());

        // Then the gate shows who, the meeting's notes and the suggested campaign ticked
        Element request = gate.html().selectFirst(".request:contains(Gus Ode)");
        assertThat(request.select(".subject").text()).isEqualTo("Gus Ode, CMO at Acme");
        assertThat(request.select(".body").text()).isEqualTo("wants pipeline; budget in Q3");
        assertThat(request.select("input[name=campaigns][checked]").eachAttr("value"))
                .containsExactly("b2bea_membership_close");

        // and routing it there enrolls the contact, routed by otto
        Browser.Page routed = browser.submit(
                gate,
                gate.form("[data-id=" + request.attr("data-id") + "] form.route"),
                Map.of("goal", "pipeline", "notes", "from the console"),
                Map.of("campaigns", "b2bea_membership_close"));
        assertThat(routed.html().select(".notice").text()).isEqualTo("Routed to b2bea_membership_close.");
        assertThat(routed.html().select("[data-id=" + request.attr("data-id") + "]"))
                .isEmpty();
        Map<String, Object> done = HttpClients.object(
                LocalRuns.client(touchflow, touchflow.settings().services().enrollment())
                        .get()
                        .uri("/api/v1/gate/{id}", request.attr("data-id")));
        assertThat(done)
                .containsEntry("status", "routed")
                .containsEntry("routed_by", "otto")
                .containsEntry("goal", "pipeline");
    }

    @Test
    void aReplyTheClassifierWasUnsureOfIsLabelledInOneClick() throws Exception {
        // Given a touch that left, and its contact's answer the classifier cannot call
        Map<String, Object> waiting = drafts.pendingOfANewContact();
        String contact = (String) waiting.get("contact_id");
        HttpClients.object(drafting.post().uri("/api/v1/drafts/{id}/approve", waiting.get("id")));
        String sent = await().atMost(Duration.ofSeconds(60))
                .until(() -> touchflow.mail().inboxOf(contact + "@acme.example"), mails -> !mails.isEmpty())
                .get(0)
                .getHeader("Message-ID")[0];
        LocalRuns.mailReply(touchflow, contact + "@acme.example", sent, "Re: A note for Dana", Map.of(), "Hm.");

        // When an operator opens the replies to review, it is there with its words
        Browser browser = signedIn("rex", List.of("operator"), List.of("b2bea"));
        String selector = ".reply:contains(" + contact + ")";
        Browser.Page page = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> browser.open(touchflow.consoleUrl() + "/replies"),
                        seen -> !seen.html().select(selector).isEmpty());
        Element reply = page.html().selectFirst(selector);
        assertThat(reply.select(".body").text()).isEqualTo("Hm.");

        // Then one click labels it, as rex, and it leaves the list
        Browser.Page labelled = browser.submit(
                page, page.form("[data-id=" + reply.attr("data-id") + "] form.label"), Map.of("label", "later"));
        assertThat(labelled.html().select(".notice").text()).isEqualTo("Labelled later.");
        assertThat(labelled.html().select(selector)).isEmpty();
        assertThat(HttpClients.list(
                        LocalRuns.client(
                                touchflow, touchflow.settings().services().replies()),
                        "/api/v1/replies?status=classified&limit=500"))
                .filteredOn(item -> reply.attr("data-id").equals(item.get("id")))
                .singleElement()
                .satisfies(item ->
                        assertThat(item).containsEntry("label", "later").containsEntry("decision", "decided by rex"));
    }

    @Test
    void theSendsScreenListsSendsByStatusAndCancelsOneThatStillWaits() throws Exception {
        // Given a draft approved a moment ago: its send waits out the undo window
        Map<String, Object> waiting = drafts.pendingOfANewContact();
        HttpClients.object(drafting.post().uri("/api/v1/drafts/{id}/approve", waiting.get("id")));
        Object sendId = await().atMost(Duration.ofSeconds(30))
                .until(() -> drafts.sendsOf(waiting.get("id")), sends -> !sends.isEmpty())
                .get(0)
                .get("id");

        // When an operator opens the waiting sends, it is there, and they cancel it
        Browser browser = signedIn("sam", List.of("operator"), List.of("b2bea"));
        Browser.Page pending = browser.open(touchflow.consoleUrl() + "/sends?status=pending");
        assertThat(pending.html().select("[data-id=" + sendId + "] .status").text())
                .isEqualTo("pending");
        Browser.Page cancelled =
                browser.submit(pending, pending.form("[data-id=" + sendId + "] form.cancel"), Map.of());

        // Then it is cancelled in dispatch-service, and listed among the cancelled sends
        assertThat(cancelled.html().select(".notice").text()).isEqualTo("Cancelled: it will not be sent.");
        assertThat(cancelled.html().select("[data-id=" + sendId + "] .status").text())
                .isEqualTo("cancelled");
        assertThat(drafts.sendsOf(waiting.get("id")))
                .singleElement()
                .satisfies(send -> assertThat(send).containsEntry("last_error", "cancelled by sam"));
    }

    @Test
    void aViewerMayNotDecideAndAnotherClientsPersonSeesNothing() throws Exception {
        Map<String, Object> waiting = drafts.pendingOfANewContact();
        String selector = "[data-id=" + waiting.get("id") + "]";

        // A viewer of b2bea sees the draft, and the console says so when they try to approve it
        Browser viewer = signedIn("val", List.of("viewer"), List.of("b2bea"));
        Browser.Page seen = viewer.open(touchflow.consoleUrl() + "/approvals");
        assertThat(seen.html().select(selector)).hasSize(1);
        Browser.Page refused = viewer.submit(seen, seen.form(selector + " form.approve"), Map.of());
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.html().select(".notice").text()).isEqualTo("Your role may not do that.");
        assertThat(drafts.draft(waiting.get("id")).get("status")).isEqualTo("pending");

        // An approver of dreamborn does not see b2bea's draft at all, nor its sequences, nor its contact
        Browser other = signedIn("dom", List.of("approver"), List.of("dreamborn"));
        assertThat(other.open(touchflow.consoleUrl() + "/approvals").html().select(selector))
                .isEmpty();
        Browser.Page sequences = other.open(touchflow.consoleUrl() + "/sequences");
        assertThat(sequences.html().select(".sequence-item").eachAttr("href"))
                .isNotEmpty()
                .noneMatch(href -> href.contains("console_follow_up") || href.contains("b2bea"));
        assertThat(other.open(touchflow.consoleUrl() + "/contacts/b2bea/" + waiting.get("contact_id"))
                        .html()
                        .select(".empty")
                        .text())
                .isEqualTo("No run of this contact among your clients'.");
    }

    @Test
    void anOperatorFindsAContactAndPausesAndResumesItsRunOnItsJourney() throws Exception {
        // Given a contact whose first draft waits, and an operator of b2bea
        String contact = (String) drafts.pendingOfANewContact().get("contact_id");
        Browser browser = signedIn("olga", List.of("operator"), List.of("b2bea"));

        // When they look for it by its id, the read model finds its run
        Browser.Page found = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> browser.open(touchflow.consoleUrl() + "/contacts?q=" + contact),
                        page -> !page.html().select("a[href$=/" + contact + "]").isEmpty());
        Browser.Page journey = browser.open(touchflow.consoleUrl()
                + found.html().selectFirst("a[href$=/" + contact + "]").attr("href"));
        Element run = journey.html().selectFirst(".run");
        assertThat(run.select("h2").text()).isEqualTo("Quick follow-up running");
        assertThat(run.select(".journey .journal .what").eachText()).contains("step 1 fired");

        // Then pausing it there pauses it in enrollment-service, as olga, and the journey shows it
        Browser.Page paused = browser.submit(journey, journey.form(".run form.pause"), Map.of());
        assertThat(paused.html().select(".notice").text()).isEqualTo("Paused.");
        String enrollment = run.attr("data-enrollment");
        WebTestClient enrollmentApi =
                LocalRuns.client(touchflow, touchflow.settings().services().enrollment());
        assertThat(HttpClients.object(enrollmentApi.get().uri("/api/v1/enrollments/{id}", enrollment)))
                .containsEntry("status", "paused");
        Browser.Page shown = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> browser.open(touchflow.consoleUrl() + "/contacts/b2bea/" + contact),
                        page -> page.html().select(".run h2 .status").text().equals("paused"));

        // and resuming it there resumes it
        Browser.Page resumed = browser.submit(shown, shown.form(".run form.resume"), Map.of());
        assertThat(resumed.html().select(".notice").text()).isEqualTo("Resumed.");
        assertThat(HttpClients.object(enrollmentApi.get().uri("/api/v1/enrollments/{id}", enrollment)))
                .containsEntry("status", "active");
    }

    @Test
    void aContactUnsubscribedOnTheirJourneyIsSuppressedAndOnlyAnAdminLiftsItWithAReason() throws Exception {
        // Given a contact an operator unsubscribes from their journey
        String contact = (String) drafts.pendingOfANewContact().get("contact_id");
        Browser operator = signedIn("omar", List.of("operator"), List.of("b2bea"));
        Browser.Page journey = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> operator.open(touchflow.consoleUrl() + "/contacts/b2bea/" + contact),
                        page -> !page.html().select(".run form.unsubscribe").isEmpty());
        Browser.Page unsubscribed =
                operator.submit(journey, journey.form(".run form.unsubscribe"), Map.of("reason", "asked on the phone"));
        assertThat(unsubscribed.html().select(".notice").text())
                .isEqualTo("Unsubscribed: nobody writes to them again.");

        // Then the suppressions screen finds them by part of their id, and offers an operator no lift
        String entry = "[data-address=contact:" + contact + "]";
        Browser.Page listed = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> operator.open(touchflow.consoleUrl() + "/suppressions?search=" + contact.substring(2)),
                        page -> !page.html().select(entry).isEmpty());
        assertThat(listed.html().select(entry + " td").eachText()).contains(contact, "b2bea");
        assertThat(listed.html().select(entry + " td").get(3).text()).startsWith("unsubscribed (");
        assertThat(listed.html().select("form.lift")).isEmpty();
        // a search longer than dispatch-service takes is refused with a notice, not an error page
        Browser.Page tooLong = operator.open(touchflow.consoleUrl() + "/suppressions?search=" + "x".repeat(201));
        assertThat(tooLong.html().select(".notice").text()).isEqualTo("Search for at most 200 characters.");

        // When an admin lifts it: first without saying why, then with a reason
        Browser admin = signedIn("ada", List.of("admin"), List.of("b2bea"));
        Browser.Page offered = admin.open(touchflow.consoleUrl() + "/suppressions?search=" + contact);
        Browser.Page unsaid = admin.submit(offered, offered.form(entry + " form.lift"), Map.of("reason", " "));
        assertThat(unsaid.html().select(".notice").text()).isEqualTo("Not lifted: say why.");
        assertThat(unsaid.html().select(entry)).hasSize(1);
        Browser.Page lifted =
                admin.submit(offered, offered.form(entry + " form.lift"), Map.of("reason", "asked to hear again"));

        // Then it is gone from dispatch and enrollment, each audit trail names ada, and they may be enrolled again
        assertThat(lifted.html().select(".notice").text())
                .isEqualTo("Lifted: contact:" + contact + " may be written to again.");
        assertThat(lifted.html().select(entry)).isEmpty();
        WebTestClient dispatchApi =
                LocalRuns.client(touchflow, touchflow.settings().services().dispatch());
        assertThat(HttpClients.list(dispatchApi, "/api/v1/suppressions?search={c}", contact))
                .isEmpty();
        assertThat(HttpClients.list(
                        dispatchApi, "/api/v1/audit?subject_type=suppression&subject_id=contact:{c}", contact))
                .singleElement()
                .satisfies(audit -> assertThat(audit).containsEntry("actor", "ada"));
        WebTestClient enrollmentApi =
                LocalRuns.client(touchflow, touchflow.settings().services().enrollment());
        assertThat(HttpClients.list(
                        enrollmentApi,
                        "/api/v1/audit?subject_type=suppression&subject_id={e}",
                        contact + "@acme.example"))
                .singleElement()
                .satisfies(audit -> assertThat(audit).containsEntry("actor", "ada"));
        drafts.enroll(contact);
        assertThat(await().atMost(Duration.ofSeconds(30))
                        .until(
                                () -> HttpClients.list(
                                                enrollmentApi,
                                                "/api/v1/campaigns/console_follow_up/enrollments?limit=500")
                                        .stream()
                                        .filter(run -> contact.equals(((Map<?, ?>) run.get("contact")).get("id")))
                                        .map(run -> run.get("status"))
                                        .toList(),
                                runs -> runs.size() == 2))
                .containsExactlyInAnyOrder("exited", "active");
    }

    @Test
    void aMalformedBookedMeetingIsShownOnTheDeadLetterScreenWithItsReasonToItsClientOnly() throws Exception {
        // Given a booked meeting enrollment-service cannot read: its contact has no email
        String key = "b2bea:broken-" + UUID.randomUUID().toString().substring(0, 8);
        new KafkaProbe(touchflow.bootstrapServers())
                .sendText(Topics.MEETING_BOOKED, key, "{\"client_id\": \"b2bea\", \"contact\": {\"id\": \"x\"}}");

        // Then a person of b2bea finds it on the dead-letter screen: where it came from, why, what it said
        Browser browser = signedIn("dora", List.of("viewer"), List.of("b2bea"));
        Browser.Page page = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> browser.open(touchflow.consoleUrl() + "/dead-letters?topic=" + Topics.MEETING_BOOKED),
                        shown -> !shown.html().select("[data-key=" + key + "]").isEmpty());
        Element letter = page.html().selectFirst("[data-key=" + key + "]");
        assertThat(letter.select(".from").text())
                .startsWith(Topics.MEETING_BOOKED + " @")
                .endsWith(" · enrollment-service");
        assertThat(letter.select(".reason span").text()).isNotBlank().doesNotContain("no reason given");
        assertThat(letter.select(".preview").text()).contains("\"contact\"");
        assertThat(page.html()
                        .select(".piles [data-topic=" + Topics.MEETING_BOOKED + "] .count")
                        .text())
                .matches("[1-9][0-9]*");

        // and a person of another client sees none of b2bea's
        Browser other = signedIn("otis", List.of("viewer"), List.of("dreamborn"));
        Browser.Page theirs = other.open(touchflow.consoleUrl() + "/dead-letters");
        assertThat(theirs.html().select("[data-key=" + key + "]")).isEmpty();
        assertThat(theirs.html().select(".piles [data-topic=" + Topics.MEETING_BOOKED + "]"))
                .isEmpty();
    }

    private static Browser signedIn(String name, List<String> roles, List<String> clients) throws Exception {
        String password = people.add(name, roles, clients);
        Browser browser = new Browser();
        Browser.Page signIn = browser.open(touchflow.consoleUrl() + "/approvals");
        browser.submit(signIn, signIn.form("form"), Map.of("username", name, "password", password));
        return browser;
    }

    /**
     * The same screens in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver};
     * {@code .ci/run} installs them and requires them with {@code -Dtouchflow.test.browser=required}, elsewhere
     * their absence skips these): keyboard only, as a person works through the approval screen. Each test
     * saves a screenshot under {@code local/target/screenshots/}.
     */
    @Nested
    class InChromium {

        private final Path chromedriver = Path.of("/usr/bin/chromedriver");
        private final Path chromium = Path.of("/usr/bin/chromium");

        WebDriver browser;

        @BeforeEach
        void openBrowser() {
            boolean present = Files.isExecutable(chromedriver) && Files.isExecutable(chromium);
            assertThat(present || !"required".equals(System.getProperty("touchflow.test.browser")))
                    .as("Chromium and its driver (apt-get install chromium chromium-driver)")
                    .isTrue();
            assumeThat(present)
                    .as("Chromium and chromium-driver are not installed")
                    .isTrue();
            ChromeOptions options = new ChromeOptions()
                    .setBinary(chromium.toFile())
                    .addArguments(
                            "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
            browser = new ChromeDriver(
                    new ChromeDriverService.Builder()
                            .usingDriverExecutable(chromedriver.toFile())
                            .build(),
                    options);
        }

        @AfterEach
        void closeBrowser(TestInfo test) {
            if (browser != null) {
                screenshot(test.getTestMethod().orElseThrow().getName());
                browser.quit();
            }
        }

        /** Saves what the browser shows as {@code target/screenshots/<name>.png}. */
        private void screenshot(String name) {
            try {
                Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
                Path shot = ((TakesScreenshot) browser)
                        .getScreenshotAs(OutputType.FILE)
                        .toPath();
                Files.copy(shot, screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Test
        void anApproverApprovesCancelsWithinTheUndoWindowAndRejectsWithTheKeyboardAlone() {
            // Given three drafts of b2bea's waiting, and an approver of b2bea
            List<Object> waiting = List.of(
                    drafts.pendingOfANewContact().get("id"),
                    drafts.pendingOfANewContact().get("id"),
                    drafts.pendingOfANewContact().get("id"));
            String password = people.add("bea", List.of("approver"), List.of("b2bea"));

            // When they open the console and sign in at the issuer's form
            signIn("/approvals", "bea", password);
            assertThat(browser.findElement(By.cssSelector(".who")).getText()).isEqualTo("bea");
            screenshot("approvals-waiting");

            // Then "a" approves the draft in focus, as bea, and its send counts down its undo window
            String first = focus(waiting.get(0));
            press("a");
            wait(ExpectedConditions.textToBe(By.cssSelector(".notice"), "Approved."));
            assertThat(browser.findElement(By.cssSelector(".undo .left")).getText())
                    .matches("in \\d+ s");
            screenshot("approvals-undo");
            assertThat(drafts.draft(first)).containsEntry("status", "approved").containsEntry("approved_by", "bea");

            // "a" on the next, then "u" within the window, cancels its send
            String second = focus(waiting.get(1));
            press("a");
            wait(ExpectedConditions.textToBe(By.cssSelector(".notice"), "Approved."));
            press("u");
            wait(ExpectedConditions.textToBe(By.cssSelector(".notice"), "Cancelled: it will not be sent."));
            assertThat(drafts.sendsOf(second))
                    .singleElement()
                    .satisfies(send -> assertThat(send).containsEntry("status", "cancelled"));

            // and "r", a reason and Enter reject the last
            String third = focus(waiting.get(2));
            press("r");
            press("not this week\n");
            wait(ExpectedConditions.textToBe(By.cssSelector(".notice"), "Rejected."));
            assertThat(List.of(first, second, third))
                    .containsExactlyInAnyOrderElementsOf(
                            waiting.stream().map(Object::toString).toList());
            assertThat(drafts.draft(third))
                    .containsEntry("status", "rejected")
                    .containsEntry("decided_by", "bea")
                    .containsEntry("decision_reason", "not this week");
        }

        @Test
        void aSequenceBuiltOnThePageRunsAndItsTimelineJournalAndStatsChangeLive() throws Exception {
            // Given a person who edits, routes and approves for b2bea, signed in
            signIn("/sequences", "ivy", people.add("ivy", List.of("editor", "operator", "approver"), List.of("b2bea")));

            // When they create a sequence of four steps there: the first with the sequence, three more after
            String slug = "launch_" + UUID.randomUUID().toString().substring(0, 8);
            open(".new-sequence");
            WebElement create = browser.findElement(By.cssSelector(".new-sequence form"));
            type(create, "name", "Launch follow-up " + slug);
            type(create, "slug", slug);
            stepFields(create, "0", "hours", "Hello {{first_name}}", "Hi {{first_name}}, a note about {{company}}.");
            create.findElement(By.cssSelector("button[type=submit]")).click();
            wait(ExpectedConditions.textToBe(By.cssSelector(".notice"), "Sequence " + slug + " created."));
            for (String[] step : List.of(
                    new String[] {"24", "hours", "2"}, new String[] {"3", "days", "3"}, new String[] {"7", "days", "4"
                    })) {
                open(".new-step");
                WebElement add = browser.findElement(By.cssSelector(".new-step form"));
                stepFields(add, step[0], step[1], "Following up, {{first_name}}", "Still thinking of {{company}}.");
                add.findElement(By.cssSelector("button[type=submit]")).click();
                wait(ExpectedConditions.textToBe(
                        By.cssSelector(".notice"), "Step " + step[2] + " added: a new version of " + slug + "."));
            }

            // Then its timeline shows the four steps, their delays and merge fields marked, nothing sent yet
            assertThat(texts(".timeline .step strong")).containsExactly("T+0h", "T+24h", "T+3d", "T+7d");
            assertThat(texts(".timeline .step:first-child .merge")).containsExactly("{{first_name}}", "{{company}}");
            assertThat(texts(".timeline .status")).containsOnly("scheduled");
            // and a simulation says when each step fires for a contact enrolled on a Saturday
            WebElement simulate = browser.findElement(By.cssSelector(".simulate form"));
            ((org.openqa.selenium.JavascriptExecutor) browser)
                    .executeScript(
                            "arguments[0].value = '2026-12-05T10:00'", simulate.findElement(By.name("simulate_start")));
            simulate.findElement(By.cssSelector("button[type=submit]")).click();
            wait(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".simulate .planned"), 4));

            // When a meeting booked for a new contact suggests it, and ivy routes it at the gate
            String contact = "ivy-" + UUID.randomUUID().toString().substring(0, 8);
            new KafkaProbe(touchflow.bootstrapServers())
                    .sendText(Topics.MEETING_BOOKED, "b2bea:" + contact, """
                    {"event_id": "%s", "client_id": "b2bea",
                     "contact": {"id": "%s", "email": "%s@acme.example", "first_name": "Ines", "company": "Acme"},
                     "meeting": {"booked_at": "2026-04-29T14:00:00Z", "notes": "launch"},
                     "booked_by": "roles.bdr", "suggested_campaigns": ["%s"]}
                    """.formatted(
                                    UUID.randomUUID(), contact, contact, slug));
            String request = "//li[contains(@class, 'request')][.//h2[contains(., 'Ines')]]";
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                browser.get(touchflow.consoleUrl() + "/gate");
                return !browser.findElements(By.xpath(request)).isEmpty();
            });
            browser.findElement(By.xpath(request + "//form[contains(@class, 'route')]//button"))
                    .click();
            wait(ExpectedConditions.textToBe(By.cssSelector(".notice"), "Routed to " + slug + "."));

            // and approves its first draft with the keyboard
            Object draft = drafts.pendingOf(contact).get("id");
            browser.get(touchflow.consoleUrl() + "/approvals");
            focus(draft);
            press("a");
            wait(ExpectedConditions.textToBe(By.cssSelector(".notice"), "Approved."));

            // Then, once it has left, the sequence's page shows step 1 sent
            browser.get(touchflow.consoleUrl() + "/sequences?slug=" + slug);
            String messageId = await().atMost(Duration.ofSeconds(60))
                    .until(() -> touchflow.mail().inboxOf(contact + "@acme.example"), mails -> !mails.isEmpty())
                    .get(0)
                    .getHeader("Message-ID")[0];
            // without a reload: the page hears of the send and of the reply below
            wait(ExpectedConditions.textToBe(By.cssSelector(".timeline .step:first-child .sent"), "1 sent"));
            assertThat(browser.findElement(By.cssSelector(".stat-running")).getText())
                    .isEqualTo("1");
            assertThat(browser.findElement(By.cssSelector(".stat-reply")).getText())
                    .isEqualTo("0%");

            // When the contact answers in words the classifier cannot call
            LocalRuns.mailReply(touchflow, contact + "@acme.example", messageId, "Re: Hello Ines", Map.of(), "Hm.");
            // and ivy, in a second tab, labels it interested in one click on the replies to review
            String sequences = browser.getWindowHandle();
            browser.switchTo().newWindow(WindowType.TAB);
            String unsure = "//li[contains(@class, 'reply')][.//span[contains(., '" + contact + "')]]";
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                browser.get(touchflow.consoleUrl() + "/replies");
                return !browser.findElements(By.xpath(unsure)).isEmpty();
            });
            assertThat(browser.findElement(By.xpath(unsure + "//pre[contains(@class, 'body')]"))
                            .getText())
                    .isEqualTo("Hm.");
            browser.findElement(By.xpath(unsure + "//form[contains(@class, 'label')]//button[@value='interested']"))
                    .click();
            wait(ExpectedConditions.textToBe(By.cssSelector(".notice"), "Labelled interested."));
            assertThat(browser.findElements(By.xpath(unsure))).isEmpty();
            browser.close();
            browser.switchTo().window(sequences);

            // Then the open page's stats change by themselves: one reply, positive, of one send
            wait(ExpectedConditions.textToBe(By.cssSelector(".stat-positive"), "100%"));
            assertThat(browser.findElement(By.cssSelector(".stat-reply")).getText())
                    .isEqualTo("100%");
            assertThat(browser.findElement(By.cssSelector(".timeline .step:first-child .replied"))
                            .getText())
                    .isEqualTo("1 replied");
            screenshot("sequences");

            // and the contact's journey shows the sequencer's decisions, the touch and the labelled reply
            browser.get(touchflow.consoleUrl() + "/contacts/b2bea/" + contact);
            assertThat(texts(".journey .journal .what")).contains("step 1 fired");
            assertThat(texts(".journey .touch .what")).containsExactly("step 1 sent · email");
            assertThat(texts(".journey .reply .what")).containsExactly("reply: interested");
            assertThat(texts(".journey .reply .detail")).containsExactly("labelled by a person");
            screenshot("contact");
        }

        @Test
        void aViewerMayNotApproveWithTheKeyAndAnotherClientsPersonSeesNoneOfIt() {
            // Given a draft of b2bea's waiting, and a viewer of b2bea signed in
            Map<String, Object> waiting = drafts.pendingOfANewContact();
            signIn("/approvals", "vic", people.add("vic", List.of("viewer"), List.of("b2bea")));

            // When they press "a" on it, the console says their role may not, and the draft still waits
            focus(waiting.get("id"));
            press("a");
            wait(ExpectedConditions.textToBe(By.cssSelector(".notice"), "Your role may not do that."));
            assertThat(drafts.draft(waiting.get("id")).get("status")).isEqualTo("pending");

            // When an approver of dreamborn signs in, b2bea's draft, sequences and contact are not there
            browser.manage().deleteAllCookies();
            signIn("/approvals", "dan", people.add("dan", List.of("approver"), List.of("dreamborn")));
            assertThat(browser.findElements(By.cssSelector("[data-id='" + waiting.get("id") + "']")))
                    .isEmpty();
            browser.get(touchflow.consoleUrl() + "/sequences");
            assertThat(browser.findElements(By.cssSelector(".sequence-item")).stream()
                            .map(item -> item.getAttribute("href"))
                            .toList())
                    .isNotEmpty()
                    .noneMatch(href -> href.contains("b2bea"));
            browser.get(touchflow.consoleUrl() + "/contacts/b2bea/" + waiting.get("contact_id"));
            assertThat(browser.findElement(By.cssSelector(".empty")).getText())
                    .isEqualTo("No run of this contact among your clients'.");
        }

        /** Opens a page of the console, signs in at the issuer's form, and waits to be back on it. */
        private void signIn(String page, String name, String password) {
            browser.get(touchflow.consoleUrl() + page);
            wait(ExpectedConditions.urlToBe(touchflow.issuer() + "/login"));
            browser.findElement(By.name("username")).sendKeys(name);
            browser.findElement(By.name("password")).sendKeys(password);
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            wait(ExpectedConditions.urlToBe(touchflow.consoleUrl() + page));
        }

        @Test
        void everyScreenPassesTheWcagAAndAaRulesOfAxe() {
            // Given a draft waiting and a person who may do everything on b2bea's screens, signed in
            Object waiting = drafts.pendingOfANewContact().get("contact_id");
            signIn(
                    "/approvals",
                    "ada",
                    people.add("ada", List.of("admin", "editor", "operator", "approver"), List.of("b2bea")));

            // Then each screen, as it shows, breaks none of the WCAG 2.1 A and AA rules axe checks
            Map<String, List<String>> broken = new LinkedHashMap<>();
            for (String screen : List.of(
                    "/approvals",
                    "/sequences",
                    "/gate",
                    "/replies",
                    "/sends",
                    "/contacts",
                    "/contacts/b2bea/" + waiting,
                    "/suppressions",
                    "/dead-letters")) {
                browser.get(touchflow.consoleUrl() + screen);
                wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector("main")));
                List<String> violations = AccessibilityAudit.violations(browser);
                if (!violations.isEmpty()) {
                    broken.put(screen, violations);
                }
            }
            // and so does the approval screen's keyboard help, open
            browser.get(touchflow.consoleUrl() + "/approvals");
            press("?");
            wait(ExpectedConditions.visibilityOfElementLocated(By.id("help")));
            List<String> help = AccessibilityAudit.violations(browser);
            if (!help.isEmpty()) {
                broken.put("/approvals with the help open", help);
            }
            assertThat(broken).isEmpty();
        }

        /**
         * Opens an editor. The page is live: a reload started before the click may land just before it (once
         * the editor is open, reloads are dropped), so the summary is found again if it was replaced.
         */
        private void open(String editor) {
            new WebDriverWait(browser, Duration.ofSeconds(10))
                    .ignoring(StaleElementReferenceException.class)
                    .until(driver -> {
                        driver.findElement(By.cssSelector(editor + " summary")).click();
                        return driver.findElement(By.cssSelector(editor)).getAttribute("open") != null;
                    });
        }

        private void stepFields(WebElement form, String delay, String unit, String subject, String body) {
            WebElement field = form.findElement(By.name("delay"));
            field.clear();
            field.sendKeys(delay);
            new org.openqa.selenium.support.ui.Select(form.findElement(By.name("delay_unit"))).selectByValue(unit);
            type(form, "subject", subject);
            type(form, "body", body);
        }

        private void type(WebElement form, String name, String text) {
            form.findElement(By.name(name)).sendKeys(text);
        }

        private List<String> texts(String selector) {
            return browser.findElements(By.cssSelector(selector)).stream()
                    .map(WebElement::getText)
                    .toList();
        }

        /** Puts the keyboard's focus on this draft, as a click on its card does; answers its id. */
        private String focus(Object draftId) {
            browser.findElement(By.cssSelector("[data-id='" + draftId + "'] .meta"))
                    .click();
            assertThat(browser.switchTo().activeElement().getAttribute("data-id"))
                    .isEqualTo(draftId.toString());
            return draftId.toString();
        }

        private void press(String keys) {
            new Actions(browser).sendKeys(keys).perform();
        }

        private void wait(ExpectedCondition<?> condition) {
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(condition);
        }
    }
}
