package dev.touchflow.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * WebTestClients for a service listening on a local port. The response timeout is generous: a test JVM
 * shares two cores with a broker and a database, and a five-second stall there is load, not a failure.
 */
public final class HttpClients {

    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST_OF_MAPS =
            new ParameterizedTypeReference<>() {};
    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {};

    private HttpClients() {}

    /** A client that calls as an admin of every client ({@link TestIdentity#admin()}). */
    public static WebTestClient client(int port) {
        return client(port, TestIdentity.admin());
    }

    /** A client that sends no token. */
    public static WebTestClient anonymous(int port) {
        return builder(port).build();
    }

    /** A client that sends every call with this bearer token. */
    public static WebTestClient client(int port, String bearerToken) {
        return builder(port)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + bearerToken)
                .build();
    }

    /** A client for an absolute base URL, such as a link found in a message. */
    public static WebTestClient client(String baseUrl) {
        return WebTestClient.bindToServer()
                .baseUrl(baseUrl)
                .responseTimeout(RESPONSE_TIMEOUT)
                .build();
    }

    /** The JSON array a GET of {@code uri} answers with 200 OK, each element as a map. */
    public static List<Map<String, Object>> list(WebTestClient client, String uri, Object... uriVariables) {
        return client.get()
                .uri(uri, uriVariables)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(LIST_OF_MAPS)
                .returnResult()
                .getResponseBody();
    }

    /** The JSON object a request is answered with, 200 OK. */
    public static Map<String, Object> object(WebTestClient.RequestHeadersSpec<?> request) {
        return request.exchange()
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
    }

    private static WebTestClient.Builder builder(int port) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(RESPONSE_TIMEOUT);
    }
}
