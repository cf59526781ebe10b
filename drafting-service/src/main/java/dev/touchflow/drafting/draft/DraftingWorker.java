package dev.touchflow.drafting.draft;

import dev.touchflow.drafting.compose.Composition;
import dev.touchflow.drafting.compose.DraftInputs;
import dev.touchflow.drafting.compose.TemplateDrafting;
import dev.touchflow.drafting.config.LlmProperties;
import dev.touchflow.drafting.llm.LlmDrafting;
import dev.touchflow.platform.events.EventMetadata;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The drafting that does not happen while a step-due event is consumed: drafts an LLM writes
 * (the call is made outside any transaction, under a lease so another instance does not make it
 * too), draft requests an agent did not answer in time (the template stands in, and the draft
 * says so), and drafts nobody decided on within their approval window (expired; the sequence
 * goes on, since the sequencer never waits for an approval).
 */
@Component
class DraftingWorker {

    private static final Logger log = LoggerFactory.getLogger(DraftingWorker.class);
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final int BATCH = 64;

    private final DraftRepository drafts;
    private final WaitingDrafts waiting;
    private final DraftHistory history;
    private final DraftVersions versions;
    private final LlmDrafting llm;
    private final EventMetadata metadata;
    private final TransactionalOperator transactions;
    private final JsonMapper json;
    private final Clock clock;
    private final int concurrency;

    DraftingWorker(
            DraftRepository drafts,
            WaitingDrafts waiting,
            DraftHistory history,
            DraftVersions versions,
            LlmDrafting llm,
            EventMetadata metadata,
            TransactionalOperator transactions,
            JsonMapper json,
            Clock clock,
            LlmProperties llmProperties) {
        this.drafts = drafts;
        this.waiting = waiting;
        this.history = history;
        this.versions = versions;
        this.llm = llm;
        this.metadata = metadata;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
        this.concurrency = llmProperties.concurrency();
    }

    @Scheduled(fixedDelayString = "${touchflow.drafting.worker-interval:1s}", scheduler = "draftingWorkerThread")
    void work() {
        try {
            draftLeased();
            expireUndecided();
        } catch (RuntimeException e) {
            log.warn("drafting round failed; retrying next round: {}", e.toString());
        }
    }

    /**
     * Drafts what is waiting, a leased batch at a time until a batch comes back short; returns how many were
     * finished. The drafts of a batch are composed {@code touchflow.drafting.llm.concurrency} at a time (an LLM
     * call is a wait on the network), each finished in its own transaction; one that fails stays leased and is
     * drafted again when its lease runs out.
     */
    int draftLeased() {
        int finished = 0;
        while (true) {
            List<Draft> leased = waiting.leaseDrafting(clock.instant(), LEASE, BATCH)
                    .collectList()
                    .block();
            if (leased == null || leased.isEmpty()) {
                return finished;
            }
            Integer done = Flux.fromIterable(leased)
                    .flatMap(this::finish, concurrency)
                    .reduce(0, Integer::sum)
                    .block();
            finished += done == null ? 0 : done;
            if (leased.size() < BATCH) {
                return finished;
            }
        }
    }

    private Mono<Integer> finish(Draft draft) {
        return compose(draft)
                .flatMap(composition ->
                        transactions.transactional(versions.finish(draft, composition, metadata.producer())))
                .map(done -> 1)
                .defaultIfEmpty(0)
                .onErrorResume(e -> {
                    log.warn("draft {} not finished; drafted again after its lease: {}", draft.id(), e.toString());
                    return Mono.just(0);
                });
    }

    private Mono<Composition> compose(Draft draft) {
        DraftInputs inputs = json.convertValue(draft.origin().inputs(), DraftInputs.class);
        if (draft.origin().agent()) {
            return Mono.just(TemplateDrafting.fallback(
                    inputs,
                    "agent " + inputs.agent() + " did not answer by "
                            + draft.timing().answerBy()));
        }
        return drafts.earlierTouches(draft.touch().enrollmentId(), draft.touch().stepNumber())
                .map(earlier -> earlier.wording().body())
                .collectList()
                .flatMap(earlier ->
                        llm.compose(draft.clientId(), inputs, draft.touch().context(), earlier));
    }

    /** Expires the drafts whose approval window has passed; returns how many. */
    int expireUndecided() {
        Instant now = clock.instant();
        Integer expired = transactions
                .transactional(waiting.expireDue(now, 200)
                        .collectList()
                        .flatMap(list -> Flux.fromIterable(list)
                                .concatMap(draft -> history.audit(
                                        draft.id(),
                                        now,
                                        metadata.producer(),
                                        "expired",
                                        Map.of("expires_at", draft.timing().expiresAt()),
                                        Map.of(
                                                "status",
                                                "expired",
                                                "reason",
                                                "not decided within the approval window")))
                                .then(Mono.just(list.size()))))
                .block();
        if (expired != null && expired > 0) {
            log.info("{} drafts expired without a decision", expired);
        }
        return expired == null ? 0 : expired;
    }
}
