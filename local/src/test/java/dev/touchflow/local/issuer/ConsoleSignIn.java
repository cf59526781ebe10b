package dev.touchflow.local.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A browser signing a person in to the console at the local issuer, step by step: the authorization
 * request with a PKCE challenge, the sign-in form with its CSRF token, the redirect back with a code,
 * and the console's exchange of the code (with the verifier) for tokens. Keeps its cookies, so a second
 * authorization request after signing in needs no password.
 */
public final class ConsoleSignIn {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String issuer;
    private final String redirectUri;
    private final String clientSecret;
    private final HttpClient browser = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final String verifier = random(32);

    public ConsoleSignIn(String issuer, String redirectUri, String clientSecret) {
        this.issuer = issuer;
        this.redirectUri = redirectUri;
        this.clientSecret = clientSecret;
    }

    /** The authorization request the console sends a browser to, with this sign-in's PKCE challenge. */
    public String authorizeUrl(String state) {
        return issuer + "/oauth2/authorize?response_type=code&client_id=touchflow-console&scope=openid%20profile"
                + "&state=" + state + "&redirect_uri=" + encode(redirectUri) + "&code_challenge=" + challenge()
                + "&code_challenge_method=S256";
    }

    /** A browser's GET (asking for HTML), not following redirects. */
    public HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return browser.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Accept", "text/html")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Submits the sign-in form with a fresh CSRF token from the sign-in page. */
    public HttpResponse<String> signIn(String name, String password) throws IOException, InterruptedException {
        HttpResponse<String> page = get(issuer + "/login");
        assertThat(page.statusCode()).isEqualTo(200);
        Matcher csrf = CSRF.matcher(page.body());
        assertThat(csrf.find()).as("the sign-in form carries a CSRF token").isTrue();
        return post(
                issuer + "/login",
                "username=" + encode(name) + "&password=" + encode(password) + "&_csrf=" + encode(csrf.group(1)));
    }

    /** The console's exchange of a code for tokens, with this sign-in's verifier or another. */
    public HttpResponse<String> exchange(String code, String codeVerifier) throws IOException, InterruptedException {
        return post(
                issuer + "/oauth2/token",
                "grant_type=authorization_code&client_id=touchflow-console&client_secret=" + encode(clientSecret)
                        + "&code=" + encode(code) + "&redirect_uri="
                        + encode(redirectUri) + "&code_verifier=" + encode(codeVerifier));
    }

    public String verifier() {
        return verifier;
    }

    /** The whole sign-in, from the authorization request to the tokens. */
    public Map<String, Object> tokens(String name, String password) throws IOException, InterruptedException {
        get(authorizeUrl("s"));
        HttpResponse<String> signedIn = signIn(name, password);
        String back = location(get(location(signedIn)));
        HttpResponse<String> tokens = exchange(query(back, "code"), verifier);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return JSON.readValue(tokens.body(), new TypeReference<>() {});
    }

    public static String location(HttpResponse<?> response) {
        assertThat(response.statusCode()).as("a redirect").isEqualTo(302);
        return response.headers().firstValue("Location").orElseThrow();
    }

    /** A query parameter of a URL, decoded. */
    public static String query(String url, String name) {
        Matcher value = Pattern.compile("[?&]" + name + "=([^&]*)").matcher(url);
        assertThat(value.find()).as("%s in %s", name, url).isTrue();
        return URLDecoder.decode(value.group(1), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> post(String url, String form) throws IOException, InterruptedException {
        return browser.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String challenge() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
