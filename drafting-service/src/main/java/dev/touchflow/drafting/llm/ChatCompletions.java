package dev.touchflow.drafting.llm;

import dev.touchflow.drafting.config.LlmProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.reactor.timelimiter.TimeLimiterOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls an OpenAI-compatible {@code /chat/completions} endpoint through resilience4j: a timeout
 * per attempt, retries with exponential backoff for timeouts, connection errors, 429 and 5xx,
 * and a circuit breaker over the attempts that, once open, fails calls at once without sending.
 */
@Component
public class ChatCompletions {

    private final LlmProperties properties;
    private final JsonMapper json;
    private final WebClient client;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final TimeLimiter timeLimiter;

    ChatCompletions(LlmProperties properties, JsonMapper json, CircuitBreakerRegistry breakers) {
        this.properties = properties;
        this.json = json;
        String url = properties.configured() ? properties.url().replaceAll("/+$", "") : "http://llm.invalid";
        this.client = WebClient.builder().baseUrl(url).build();
        LlmProperties.Breaker settings = properties.breaker();
        this.breaker = breakers.circuitBreaker(
                "llm",
                CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(settings.window())
                        .minimumNumberOfCalls(settings.window())
                        .failureRateThreshold(settings.failureRatePercent())
                        .waitDurationInOpenState(settings.openFor())
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .build());
        this.retry = Retry.of(
                "llm",
                RetryConfig.custom()
                        .maxAttempts(properties.maxAttempts())
                        .intervalFunction(IntervalFunction.ofExponentialBackoff(properties.backoff(), 2.0))
                        .retryOnException(ChatCompletions::transientFailure)
                        .build());
        this.timeLimiter = TimeLimiter.of(
                "llm",
                TimeLimiterConfig.custom().timeoutDuration(properties.timeout()).build());
    }

    /** Worth another attempt: a timeout, a connection error, 429 or a 5xx answer. */
    static boolean transientFailure(Throwable error) {
        if (error instanceof WebClientResponseException response) {
            return response.getStatusCode().value() == 429
                    || response.getStatusCode().is5xxServerError();
        }
        return error instanceof TimeoutException || error instanceof WebClientRequestException;
    }

    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    /** Resets the breaker; for tests and operators. */
    public void resetBreaker() {
        breaker.reset();
    }

    public Mono<Reply> complete(List<Map<String, String>> messages) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("model", properties.model());
        request.put("messages", messages);
        request.put("temperature", 0.4);
        request.put("response_format", Map.of("type", "json_object"));
        return Mono.defer(() -> client.post()
                        .uri("/chat/completions")
                        .header(
                                HttpHeaders.AUTHORIZATION,
                                "Bearer " + (properties.apiKey() == null ? "" : properties.apiKey()))
                        .contentType(MediaType.APPLICATION_JSON)
                        .accept(MediaType.APPLICATION_JSON)
                        .bodyValue(json.writeValueAsString(request))
                        .retrieve()
                        .bodyToMono(String.class))
                .transformDeferred(TimeLimiterOperator.of(timeLimiter))
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .transformDeferred(RetryOperator.of(retry))
                .map(this::reply);
    }

    private Reply reply(String body) {
        JsonNode root = json.readTree(body);
        JsonNode usage = root.path("usage");
        String model = root.path("model").asString(properties.model());
        return new Reply(
                root.path("choices").path(0).path("message").path("content").asString(""),
                model,
                usage.path("prompt_tokens").asLong(0),
                usage.path("completion_tokens").asLong(0));
    }

    /** What the model answered, and the tokens it was paid for. */
    public record Reply(String content, String model, long promptTokens, long completionTokens) {}
}
