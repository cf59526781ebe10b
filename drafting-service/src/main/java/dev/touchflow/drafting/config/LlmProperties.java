package dev.touchflow.drafting.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * An OpenAI-compatible chat-completions endpoint and how it is called.
 *
 * @param url                  base URL; requests go to {@code <url>/chat/completions}; empty means no LLM, templates are used
 * @param apiKey               sent as a bearer token
 * @param model                the model asked for
 * @param timeout              per attempt
 * @param maxAttempts          attempts per draft, for timeouts, 429 and 5xx
 * @param backoff              wait before the second attempt, doubled for each further one
 * @param breaker              when the circuit breaker opens and for how long
 * @param inputPricePerMillion US dollars per million prompt tokens
 * @param outputPricePerMillion US dollars per million completion tokens
 * @param dailySpendCap        US dollars per client per UTC day, unless the client has its own
 * @param clientDailySpendCap  per client
 * @param concurrency          drafts the worker has the endpoint write at once (each call waits on the network, not
 *                             on this service); the spend cap is checked before each call, so concurrent calls can
 *                             pass it by at most this many drafts' cost
 */
@ConfigurationProperties("touchflow.drafting.llm")
public record LlmProperties(
        String url,
        String apiKey,
        String model,
        Duration timeout,
        Integer maxAttempts,
        Duration backoff,
        Breaker breaker,
        BigDecimal inputPricePerMillion,
        BigDecimal outputPricePerMillion,
        BigDecimal dailySpendCap,
        Map<String, BigDecimal> clientDailySpendCap,
        Integer concurrency) {

    public LlmProperties {
        model = model == null ? "gpt-4o-mini" : model;
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
        maxAttempts = maxAttempts == null ? 3 : maxAttempts;
        backoff = backoff == null ? Duration.ofMillis(500) : backoff;
        breaker = breaker == null ? new Breaker(50, 6, Duration.ofMinutes(1)) : breaker;
        inputPricePerMillion = inputPricePerMillion == null ? new BigDecimal("0.15") : inputPricePerMillion;
        outputPricePerMillion = outputPricePerMillion == null ? new BigDecimal("0.60") : outputPricePerMillion;
        dailySpendCap = dailySpendCap == null ? new BigDecimal("5.00") : dailySpendCap;
        clientDailySpendCap = clientDailySpendCap == null ? Map.of() : Map.copyOf(clientDailySpendCap);
        concurrency = concurrency == null ? 16 : concurrency;
        if (concurrency < 1) {
            throw new IllegalArgumentException("touchflow.drafting.llm.concurrency must be at least 1");
        }
    }

    public boolean configured() {
        return url != null && !url.isBlank();
    }

    /** The client's cap in millionths of a dollar. */
    public long dailySpendCapMicros(String clientId) {
        return clientDailySpendCap
                .getOrDefault(clientId, dailySpendCap)
                .movePointRight(6)
                .longValue();
    }

    /**
     * @param failureRatePercent failed calls, in percent of the window, that open the breaker
     * @param window             calls the failure rate is measured over (and the least before it can open)
     * @param openFor            how long the breaker stays open before it lets a trial call through
     */
    public record Breaker(int failureRatePercent, int window, Duration openFor) {}
}
