package dev.touchflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.touchflow.local.issuer.People;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
        touchflow = LocalRuns.start(state, Map.of("touchflow.sequencer.poll-interval", "100ms"), Clock.systemUTC());
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
    void aViewerMayNotDecideAndAnotherClientsPersonSeesNothing() throws Exception {
        Map<String, Object> waiting = drafts.pendingOfANewContact();
        String selector = "[data-id=" + waiting.get("id") + "]";

        // A viewer of b2bea sees the draft, and the console says so when they try to approve it
        Browser viewer = signedIn("val", List.of("viewer"), List.of("b2bea"));
        Browser.Page seen = viewer.open(touchflow.consoleUrl() + "/approvals");
        assertThat(seen.html().select(selector)).hasSize(1);
        Browser.Page refused = viewer.submit(seen, seen.form(selector + " form.approve"), Map.of());
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.html().select(".notice").text()).isEqualTo("You may not decide this draft.");
        assertThat(drafts.draft(waiting.get("id")).get("status")).isEqualTo("pending");

        // An approver of dreamborn does not see b2bea's draft at all
        Browser other = signedIn("dom", List.of("approver"), List.of("dreamborn"));
        assertThat(other.open(touchflow.consoleUrl() + "/approvals").html().select(selector))
                .isEmpty();
    }

    private static Browser signedIn(String name, List<String> roles, List<String> clients) throws Exception {
        String password = people.add(name, roles, clients);
        Browser browser = new Browser();
        Browser.Page signIn = browser.open(touchflow.consoleUrl() + "/approvals");
        browser.submit(signIn, signIn.form("form"), Map.of("username", name, "password", password));
        return browser;
    }
}
