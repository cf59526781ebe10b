package dev.touchflow.local.issuer;

import static dev.touchflow.local.issuer.ConsoleSignIn.location;
import static dev.touchflow.local.issuer.ConsoleSignIn.query;
import static org.assertj.core.api.Assertions.assertThat;

import dev.touchflow.testkit.TestInfrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * People sign in to the console at the local issuer with the authorization code grant and PKCE: a
 * browser that is not signed in is sent to the sign-in form, a wrong password is refused, and the code
 * the console gets back is worth tokens only with the verifier of its challenge. The access token names
 * the person and carries the roles and clients {@code ./touchflow person add} gave them.
 */
class PeopleSignInIT {

    @TempDir
    static Path state;

    private static ConfigurableApplicationContext issuer;
    private static String issuerUrl;
    private static final String REDIRECT = "http://127.0.0.1:9/login/oauth2/code/touchflow";
    private static final String CONSOLE_SECRET = "console-secret-for-the-test";
    private static String password;

    @BeforeAll
    static void startIssuer() {
        int port = TestInfrastructure.freePort();
        issuerUrl = "http://127.0.0.1:" + port;
        issuer = LocalIssuer.start(port, issuerUrl, state, REDIRECT, CONSOLE_SECRET);
        password = new People(state.resolve("people.json")).add("dana", List.of("approver"), List.of("b2bea"));
    }

    @AfterAll
    static void stopIssuer() {
        issuer.close();
    }

    @Test
    void aPersonSignsInWithTheCodeFlowAndGetsATokenWithTheirRolesAndClients() throws Exception {
        ConsoleSignIn browser = new ConsoleSignIn(issuerUrl, REDIRECT, CONSOLE_SECRET);

        // A browser that is not signed in is sent from the authorization request to the sign-in form
        assertThat(location(browser.get(browser.authorizeUrl("first")))).isEqualTo(issuerUrl + "/login");
        // A wrong password is refused
        assertThat(location(browser.signIn("dana", "not-her-password"))).isEqualTo(issuerUrl + "/login?error");
        // The right one leads back to the authorization request, which sends the browser to the console with a code
        String back = location(browser.get(location(browser.signIn("dana", password))));
        assertThat(back).startsWith(REDIRECT + "?code=");
        assertThat(query(back, "state")).isEqualTo("first");

        // The code is worth nothing without the verifier of the challenge it was asked with
        assertThat(browser.exchange(query(back, "code"), "a-verifier-of-another-challenge-0123456789abc")
                        .statusCode())
                .isEqualTo(400);

        // Signed in, the next authorization request needs no password; its code with the verifier gives tokens
        String again = location(browser.get(browser.authorizeUrl("second")));
        var tokens = browser.exchange(query(again, "code"), browser.verifier());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        assertThat(tokens.body()).contains("\"id_token\"", "\"refresh_token\"");
    }

    @Test
    void thePersonsAccessTokenCarriesTheirNameRolesAndClientsSignedByTheIssuer() throws Exception {
        Map<String, Object> tokens = new ConsoleSignIn(issuerUrl, REDIRECT, CONSOLE_SECRET).tokens("dana", password);

        Jwt access = NimbusJwtDecoder.withJwkSetUri(issuerUrl + "/oauth2/jwks")
                .build()
                .decode((String) tokens.get("access_token"));
        assertThat(access.getIssuer().toString()).isEqualTo(issuerUrl);
        assertThat(access.getSubject()).isEqualTo("dana");
        assertThat(access.getClaimAsString("name")).isEqualTo("dana");
        assertThat(access.getClaimAsStringList("roles")).containsExactly("approver");
        assertThat(access.getClaimAsStringList("clients")).containsExactly("b2bea");
    }

    @Test
    void anAuthorizationRequestWithoutAPkceChallengeIsRefused() throws Exception {
        ConsoleSignIn browser = new ConsoleSignIn(issuerUrl, REDIRECT, CONSOLE_SECRET);
        browser.get(browser.authorizeUrl("signing-in"));
        browser.get(location(browser.signIn("dana", password)));

        String refused = location(browser.get(browser.authorizeUrl("plain").replaceAll("&code_challenge[^&]*", "")));

        assertThat(refused)
                .startsWith(REDIRECT)
                .contains("error=invalid_request")
                .doesNotContain("code=");
    }

    @Test
    void onlyTheConsoleWithItsSecretCanExchangeACode() throws Exception {
        ConsoleSignIn impostor = new ConsoleSignIn(issuerUrl, REDIRECT, "not-the-console-secret");
        impostor.get(impostor.authorizeUrl("signing-in"));
        String back = location(impostor.get(location(impostor.signIn("dana", password))));

        assertThat(impostor.exchange(query(back, "code"), impostor.verifier()).statusCode())
                .isEqualTo(401);
    }

    @Test
    void thePeopleFileKeepsAHashNeverThePassword() throws Exception {
        assertThat(Files.readString(state.resolve("people.json")))
                .contains("\"dana\"", "approver", "b2bea")
                .doesNotContain(password);
    }
}
