package dev.touchflow.drafting.draft;

import dev.touchflow.drafting.compose.Composition;
import dev.touchflow.platform.security.Caller;
import dev.touchflow.platform.security.Role;
import dev.touchflow.platform.web.ConflictException;
import dev.touchflow.platform.web.InvalidFieldException;
import dev.touchflow.platform.web.NotFoundException;
import dev.touchflow.platform.web.SingleLine;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where an outside agent picks up the touches it should draft (also published on
 * {@code touchflow.draft-requested}) and answers with its draft, which is checked and staged like
 * any other. A request answered late, after the template stood in, is a conflict.
 */
@RestController
@RequestMapping("/api/v1/draft-requests")
class DraftRequestController {

    private final DraftRepository drafts;
    private final WaitingDrafts waiting;
    private final DraftVersions versions;
    private final TransactionalOperator transactions;
    private final Clock clock;

    DraftRequestController(
            DraftRepository drafts,
            WaitingDrafts waiting,
            DraftVersions versions,
            TransactionalOperator transactions,
            Clock clock) {
        this.drafts = drafts;
        this.waiting = waiting;
        this.versions = versions;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The open requests of an agent; an agent sees only its own (its token's name), an approver any agent's. */
    @GetMapping
    Flux<Map<String, Object>> open(
            @RequestParam @NotBlank String agent,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
            Caller caller) {
        if (!mayAnswerFor(caller, agent)) {
            return Flux.empty();
        }
        return waiting.openRequests(agent, caller.clientFilter(null), limit).map(draft -> {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("request_id", draft.id());
            request.put("agent", agent);
            request.put("answer_by", draft.timing().answerBy());
            request.put("channel", draft.touch().channel());
            request.put("context", draft.touch().context());
            request.put("inputs", draft.origin().inputs());
            return request;
        });
    }

    /** An agent answers only its own requests: another agent's, or another client's, is not there (404). */
    @PostMapping("/{id}/draft")
    Mono<Draft> answer(@PathVariable UUID id, @Valid @RequestBody Answer answer, Caller caller) {
        if (answer.body() == null || answer.body().isBlank()) {
            return Mono.error(new InvalidFieldException("body", "must not be blank"));
        }
        return transactions.transactional(drafts.lock(id)
                .filter(draft -> caller.sees(draft.clientId())
                        && mayAnswerFor(
                                caller,
                                draft.origin().agent() ? draft.origin().madeBy().substring("agent:".length()) : null))
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no draft request " + id)))
                .flatMap(draft -> {
                    if (!draft.drafting() || !draft.origin().agent()) {
                        return Mono.error(new ConflictException(
                                "draft request " + id + " is no longer open: the draft is " + draft.status()
                                        + ", made by " + draft.origin().madeBy()));
                    }
                    Map<String, Object> madeWith = new LinkedHashMap<>();
                    madeWith.put("answered_by", caller.name());
                    madeWith.put("answered_at", clock.instant());
                    Composition composition = new Composition(
                            answer.subject(),
                            answer.body(),
                            Set.of(),
                            draft.origin().madeBy(),
                            madeWith,
                            List.of());
                    return versions.finish(draft, composition, caller.name());
                }));
    }

    private static boolean mayAnswerFor(Caller caller, String agent) {
        return caller.has(Role.APPROVER) || (agent != null && agent.equals(caller.name()));
    }

    record Answer(
            @Size(max = 1000) @SingleLine String subject,

            @Size(max = 50_000) String body) {}
}
