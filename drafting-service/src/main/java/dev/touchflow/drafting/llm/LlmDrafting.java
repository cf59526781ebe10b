package dev.touchflow.drafting.llm;

import dev.touchflow.drafting.compose.Composition;
import dev.touchflow.drafting.compose.DraftInputs;
import dev.touchflow.drafting.compose.TemplateDrafting;
import dev.touchflow.drafting.config.LlmProperties;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drafts a touch with an LLM, within the client's daily spend cap. Whatever goes wrong (no LLM
 * configured, the cap reached, a timeout, 429 or 5xx after the retries, an open circuit breaker,
 * an answer without a body) the step's template stands in, and the draft says why.
 */
@Service
public class LlmDrafting {

    private static final Logger log = LoggerFactory.getLogger(LlmDrafting.class);
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private final ChatCompletions chat;
    private final LlmSpend spend;
    private final LlmProperties properties;
    private final JsonMapper json;
    private final Clock clock;

    LlmDrafting(ChatCompletions chat, LlmSpend spend, LlmProperties properties, JsonMapper json, Clock clock) {
        this.chat = chat;
        this.spend = spend;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    public Mono<Composition> compose(
            String clientId, DraftInputs inputs, Map<String, Object> context, List<String> earlierTouches) {
        if (!properties.configured()) {
            return Mono.just(TemplateDrafting.fallback(inputs, "no LLM is configured"));
        }
        LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        long cap = properties.dailySpendCapMicros(clientId);
        return spend.spent(clientId, day).flatMap(spent -> {
            if (spent >= cap) {
                return Mono.just(TemplateDrafting.fallback(
                        inputs,
                        "the daily LLM spend cap of $"
                                + BigDecimal.valueOf(cap, 6)
                                        .stripTrailingZeros()
                                        .toPlainString() + " for " + clientId
                                + " is reached"));
            }
            List<Map<String, String>> messages = LlmPrompt.messages(inputs, context, earlierTouches);
            return chat.complete(messages)
                    .flatMap(reply -> {
                        long cost = cost(reply);
                        return spend.add(clientId, day, cost).thenReturn(composition(inputs, messages, reply, cost));
                    })
                    .onErrorResume(error -> {
                        log.warn("LLM drafting failed for {}: {}", clientId, error.toString());
                        return Mono.just(TemplateDrafting.fallback(inputs, "the LLM failed: " + why(error))
                                .madeWith("prompt", messages));
                    });
        });
    }

    private Composition composition(
            DraftInputs inputs, List<Map<String, String>> messages, ChatCompletions.Reply reply, long costMicros) {
        Map<String, Object> madeWith = new LinkedHashMap<>();
        madeWith.put("model", reply.model());
        madeWith.put("prompt", messages);
        madeWith.put(
                "usage", Map.of("prompt_tokens", reply.promptTokens(), "completion_tokens", reply.completionTokens()));
        madeWith.put("cost_usd", BigDecimal.valueOf(costMicros, 6).toPlainString());
        madeWith.put("answer", reply.content());
        String subject;
        String body;
        try {
            JsonNode answer = json.readTree(unfenced(reply.content()));
            subject = answer.path("subject").isString() ? answer.path("subject").asString() : null;
            body = answer.path("body").asString("");
        } catch (RuntimeException notJson) {
            subject = null;
            body = reply.content();
        }
        if (body == null || body.isBlank()) {
            return TemplateDrafting.fallback(inputs, "the LLM answered without a body")
                    .madeWith("answer", reply.content());
        }
        if (subject == null && "email".equals(inputs.channel())) {
            subject = TemplateDrafting.compose(inputs).subject();
        }
        return new Composition(subject, body.strip(), Set.of(), "llm:" + reply.model(), madeWith, List.of());
    }

    private long cost(ChatCompletions.Reply reply) {
        return properties
                .inputPricePerMillion()
                .multiply(BigDecimal.valueOf(reply.promptTokens()))
                .add(properties.outputPricePerMillion().multiply(BigDecimal.valueOf(reply.completionTokens())))
                .divide(MILLION, 6, RoundingMode.UP)
                .movePointRight(6)
                .longValue();
    }

    private static String unfenced(String content) {
        String text = content.strip();
        if (text.startsWith("```")) {
            text = text.replaceFirst("^```[a-zA-Z]*\\s*", "").replaceFirst("\\s*```$", "");
        }
        return text;
    }

    private String why(Throwable error) {
        if (error instanceof CallNotPermittedException) {
            return "its circuit breaker is open after repeated failures";
        }
        if (error instanceof TimeoutException) {
            return "no answer within " + properties.timeout() + " in " + properties.maxAttempts() + " attempts";
        }
        if (error instanceof WebClientResponseException response) {
            return "it answered " + response.getStatusCode().value()
                    + (ChatCompletions.transientFailure(error)
                            ? " after " + properties.maxAttempts() + " attempts"
                            : "");
        }
        return error.getClass().getSimpleName() + ": " + error.getMessage();
    }
}
