package dev.touchflow.local.workload;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The services' HTTP APIs as the scripted people call them, with the operator's token. A service that
 * is down (killed, restarting) answers nothing: the call comes back empty and the script tries again
 * on its next round, as a person would.
 */
public final class OperatorApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String token;
    private final Duration timeout;

    public OperatorApi(String token) {
        this(token, Duration.ofSeconds(10));
    }

    /** With a longer wait for each answer than a person's ten seconds, for a benchmark's bulk calls. */
    public OperatorApi(String token, Duration timeout) {
        this.token = token;
        this.timeout = timeout;
    }

    /** The JSON a GET answers with 200, or empty when the service did not answer or refused. */
    public Optional<JsonNode> get(int port, String path) {
        return call(request(port, path).GET())
                .filter(response -> response.statusCode() == 200)
                .map(response -> JSON.readTree(response.body()));
    }

    /** The status of a POST with a JSON body, or -1 when the service did not answer. */
    public int post(int port, String path, Object body) {
        return call(request(port, path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))))
                .map(HttpResponse::statusCode)
                .orElse(-1);
    }

    /** The JSON a POST answers with a 2xx status, or empty when the service did not answer or refused. */
    public Optional<JsonNode> postForJson(int port, String path, Object body) {
        return call(request(port, path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))))
                .filter(response -> response.statusCode() / 100 == 2)
                .map(response -> JSON.readTree(response.body()));
    }

    /** The status of a PUT with a JSON body, or -1 when the service did not answer. */
    public int put(int port, String path, Object body) {
        return call(request(port, path)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))))
                .map(HttpResponse::statusCode)
                .orElse(-1);
    }

    private HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token);
    }

    private Optional<HttpResponse<String>> call(HttpRequest.Builder request) {
        try {
            return Optional.of(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException down) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The items of a JSON array the service answers; none when it is down or answers otherwise. */
    public List<JsonNode> list(int port, String path) {
        List<JsonNode> items = new ArrayList<>();
        get(port, path).ifPresent(array -> array.forEach(items::add));
        return items;
    }
}
