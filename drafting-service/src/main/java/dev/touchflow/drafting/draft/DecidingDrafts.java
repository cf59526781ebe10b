package dev.touchflow.drafting.draft;

import dev.touchflow.drafting.compose.Composition;
import dev.touchflow.platform.approval.Approval;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.platform.web.ConflictException;
import dev.touchflow.platform.web.InvalidFieldException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * What a person does with a draft: edit it (a new version, checked again), approve it (the only
 * way to an approved event, optionally with final edits), or reject it with a reason; having it
 * drafted again is {@link RegeneratingDrafts}. Each decision locks the draft, so two people deciding at once get one answer
 * and a 409; every change is audited with who, when, before and after.
 */
@Service
class DecidingDrafts {

    private final DraftRepository drafts;
    private final DraftHistory history;
    private final DraftVersions versions;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactions;
    private final Clock clock;

    private final SignedApprovals approvals;
    private final Timer approvalLatency;

    DecidingDrafts(
            DraftRepository drafts,
            DraftHistory history,
            DraftVersions versions,
            OutboxWriter outbox,
            TransactionalOperator transactions,
            Clock clock,
            SignedApprovals approvals,
            MeterRegistry meters) {
        this.approvals = approvals;
        this.approvalLatency = approvalLatency(meters);
        this.drafts = drafts;
        this.history = history;
        this.versions = versions;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** A person's new subject and body for a waiting draft: a new version, checked again. */
    Mono<Draft> edit(UUID id, Edit edit, String actor) {
        return transactions.transactional(
                versions.lockWaiting(id, "edited").flatMap(draft -> edited(draft, edit, actor)));
    }

    /**
     * Approves a pending draft, after applying the final edits if there are any. A draft that
     * needs attention can be approved only with edits that make every check pass. Nothing
     * changes when the approval is refused.
     */
    Mono<Draft> approve(UUID id, Edit finalEdits, String actor) {
        return transactions
                .transactional(versions.lockWaiting(id, "approved")
                        .flatMap(draft ->
                                finalEdits.changes(draft) ? edited(draft, finalEdits, actor) : Mono.just(draft))
                        .flatMap(draft -> {
                            if (!draft.pending()) {
                                return Mono.error(new ConflictException(needsAttention(draft)));
                            }
                            Instant at = clock.instant();
                            String hash = Approval.contentHash(
                                    draft.wording().subject(), draft.wording().body());
                            return drafts.approve(id, actor, hash, at)
                                    .switchIfEmpty(Mono.error(
                                            () -> new ConflictException("draft " + id + " was decided meanwhile")))
                                    .flatMap(trace -> history.audit(
                                                    id,
                                                    at,
                                                    actor,
                                                    "approved",
                                                    null,
                                                    Map.of("version", draft.version(), "content_hash", hash))
                                            // the approval goes on in the trace the draft was made in
                                            .then(outbox.append(approvals
                                                    .approved(draft, actor, hash, at)
                                                    .continuing(trace.orElse(null)))))
                                    .then(drafts.find(id));
                        }))
                .doOnNext(approved -> approvalLatency.record(
                        Duration.between(approved.timing().createdAt(), clock.instant())));
    }

    /** {@code touchflow.approval.latency}: from a draft staged to a person approving it, one approval or many. */
    static Timer approvalLatency(MeterRegistry meters) {
        return Timer.builder("touchflow.approval.latency")
                .description("From a draft staged to a person approving it")
                .publishPercentileHistogram()
                .register(meters);
    }

    static String needsAttention(Draft draft) {
        return "draft " + draft.id() + " needs attention and cannot be approved until its checks pass: "
                + String.join("; ", draft.checked().problems());
    }

    Mono<Draft> reject(UUID id, String reason, String actor) {
        if (reason == null || reason.isBlank()) {
            return Mono.error(new InvalidFieldException("reason", "a rejection needs a reason"));
        }
        return transactions.transactional(versions.lockWaiting(id, "rejected").flatMap(draft -> {
            Instant at = clock.instant();
            return drafts.reject(id, actor, reason, at)
                    .then(history.audit(
                            id,
                            at,
                            actor,
                            "rejected",
                            Map.of("status", draft.status().wire()),
                            Map.of("status", "rejected", "reason", reason)))
                    .then(drafts.find(id));
        }));
    }

    private Mono<Draft> edited(Draft draft, Edit edit, String actor) {
        Composition composition = new Composition(
                edit.subject() == null ? draft.wording().subject() : edit.subject(),
                edit.body() == null ? draft.wording().body() : edit.body(),
                Set.of(),
                draft.origin().madeBy(),
                draft.origin().madeWith(),
                draft.checked().notes());
        if (composition.body() == null || composition.body().isBlank()) {
            return Mono.error(new InvalidFieldException("body", "must not be blank"));
        }
        return versions.checked(
                        draft, composition, clock.instant(), draft.timing().expiresAt())
                .flatMap(next -> drafts.revise(next, draft.status())
                        .then(versions.recorded(next, actor, "edited", DraftVersions.summary(draft)))
                        .thenReturn(next));
    }

    /** A person's subject and body; a null field keeps the draft's. */
    record Edit(String subject, String body) {

        static final Edit NONE = new Edit(null, null);

        boolean changes(Draft draft) {
            return subject != null && !Objects.equals(subject, draft.wording().subject())
                    || body != null && !Objects.equals(body, draft.wording().body());
        }
    }
}
