package dev.touchflow.bench.launch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OpenAI-compatible {@code /v1/chat/completions} on the loopback that answers every request after a fixed
 * latency with one short email as JSON, as a hosted model would: drafting's concurrency, not a model's speed,
 * is what a launch with LLM drafting then measures. The answer is scheduled, not slept for, so any number of
 * requests can wait at once.
 */
final class LlmStub implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** What every request is answered: a chat completion whose content is the email as JSON. */
    private static final byte[] ANSWER = JSON.writeValueAsBytes(Map.of(
            "model",
            "bench-stub",
            "usage",
            Map.of("prompt_tokens", 200, "completion_tokens", 80),
            "choices",
            List.of(Map.of(
                    "index",
                    0,
                    "finish_reason",
                    "stop",
                    "message",
                    Map.of(
                            "role",
                            "assistant",
                            "content",
                            JSON.writeValueAsString(Map.of(
                                    "subject",
                                    "A question for your team",
                                    "body",
                                    "Hi,\n\nB2BEA members reach eCommerce leaders through our reports and events."
                                            + " Would a 20-minute call this month be worth it?")))))));

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newFixedThreadPool(4);
    private final ScheduledExecutorService answers = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong requests = new AtomicLong();

    LlmStub(Duration latency) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1000);
        server.setExecutor(handlers);
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            answers.schedule(() -> answer(exchange), latency.toMillis(), TimeUnit.MILLISECONDS);
        });
        server.start();
    }

    /** The base URL drafting-service is given ({@code touchflow.drafting.llm.url}). */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    long requests() {
        return requests.get();
    }

    private static void answer(HttpExchange exchange) {
        byte[] body = ANSWER;
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            out.write(body);
        } catch (IOException e) {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        answers.shutdownNow();
        handlers.shutdownNow();
    }
}
