package dev.touchflow.drafting.draft;

import dev.touchflow.drafting.compose.Composition;
import dev.touchflow.drafting.compose.DraftInputs;
import dev.touchflow.drafting.compose.TemplateDrafting;
import dev.touchflow.drafting.config.DraftingProperties;
import dev.touchflow.platform.outbox.OutboxWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drafts a waiting draft again, at a person's request, the way it was made: a template draft is
 * rendered again at once as its next version; an LLM draft goes back to the worker; an agent draft
 * gets a new draft request.
 */
@Service
class RegeneratingDrafts {

    private final DraftRepository drafts;
    private final DraftHistory history;
    private final DraftVersions versions;
    private final DraftRequests requests;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactions;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration agentAnswerWithin;

    RegeneratingDrafts(
            DraftRepository drafts,
            DraftHistory history,
            DraftVersions versions,
            DraftRequests requests,
            OutboxWriter outbox,
            TransactionalOperator transactions,
            JsonMapper json,
            Clock clock,
            DraftingProperties properties) {
        this.drafts = drafts;
        this.history = history;
        this.versions = versions;
        this.requests = requests;
        this.outbox = outbox;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
        this.agentAnswerWithin = properties.agentAnswerWithin();
    }

    Mono<Draft> regenerate(UUID id, String actor) {
        return transactions.transactional(versions.lockWaiting(id, "regenerated")
                .flatMap(draft -> {
                    Instant now = clock.instant();
                    String mode = String.valueOf(draft.origin().inputs().getOrDefault("mode", "template"));
                    if ("template".equals(mode)) {
                        Composition composition = TemplateDrafting.compose(
                                json.convertValue(draft.origin().inputs(), DraftInputs.class));
                        return versions.checked(draft, composition, now)
                                .flatMap(next -> drafts.revise(next, draft.status())
                                        .then(versions.recorded(
                                                next, actor, "regenerated", DraftVersions.summary(draft)))
                                        .then(outbox.append(versions.staged(next))))
                                .then(drafts.find(id));
                    }
                    Instant answerBy = "agent".equals(mode) ? now.plus(agentAnswerWithin) : null;
                    Draft redrafting = draft.redrafting(
                            "agent".equals(mode)
                                    ? "agent:" + draft.origin().inputs().get("agent")
                                    : "llm",
                            answerBy,
                            now);
                    Mono<Void> request = "agent".equals(mode)
                            ? drafts.earlierTouches(
                                            draft.touch().enrollmentId(),
                                            draft.touch().stepNumber())
                                    .map(earlier -> earlier.wording().body())
                                    .collectList()
                                    .flatMap(earlier -> outbox.append(requests.request(redrafting, null, earlier)))
                            : Mono.empty();
                    return drafts.revise(redrafting, draft.status())
                            .then(history.audit(
                                    id,
                                    now,
                                    actor,
                                    "regenerate requested",
                                    DraftVersions.summary(draft),
                                    Map.of(
                                            "status",
                                            "drafting",
                                            "by",
                                            redrafting.origin().madeBy())))
                            .then(request)
                            .then(drafts.find(id));
                }));
    }
}
