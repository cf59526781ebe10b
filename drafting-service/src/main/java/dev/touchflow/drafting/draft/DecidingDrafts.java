package dev.touchflow.drafting.draft;

import dev.touchflow.drafting.compose.Composition;
import dev.touchflow.platform.approval.Approval;
import dev.touchflow.platform.outbox.OutboundEvent;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.platform.web.ConflictException;
import dev.touchflow.platform.web.InvalidFieldException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
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
        this.approvalLatency = Timer.builder("touchflow.approval.latency")
                .description("From a draft staged to a person approving it")
                .publishPercentileHistogram()
                .register(meters);
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

    /**
     * Approves each draft of a page as {@link #approve} does one, without final edits, all in one
     * transaction: the drafts locked in one statement, approved in one, audited in one, their approvals
     * appended to the outbox together. One that cannot be approved (another client's or none:
     * {@code not_found}; not pending: {@code conflict}) is left as it is and does not stop the others;
     * nothing is written for it, so the others need no savepoint.
     */
    Flux<BulkOutcome> approveAll(List<UUID> ids, String actor, Predicate<Draft> visible) {
        List<UUID> unique = List.copyOf(new LinkedHashSet<>(ids));
        return Flux.defer(() -> {
            List<Instant> staged = new ArrayList<>();
            return transactions
                    .transactional(drafts.lockAll(unique)
                            .collectMap(Draft::id)
                            .flatMapMany(locked -> approveLocked(unique, locked, actor, visible, staged)))
                    .doOnComplete(() -> staged.forEach(
                            created -> approvalLatency.record(Duration.between(created, clock.instant()))));
        });
    }

    private Flux<BulkOutcome> approveLocked(
            List<UUID> ids, Map<UUID, Draft> locked, String actor, Predicate<Draft> visible, List<Instant> staged) {
        Instant at = clock.instant();
        Map<UUID, BulkOutcome> outcomes = new HashMap<>();
        Map<UUID, Draft> approvable = new LinkedHashMap<>();
        Map<UUID, String> hashes = new LinkedHashMap<>();
        for (UUID id : ids) {
            Draft draft = locked.get(id);
            if (draft == null || !visible.test(draft)) {
                outcomes.put(id, new BulkOutcome(id, "not_found", null, "no draft " + id));
            } else if (!draft.pending()) {
                String why = draft.waiting() ? needsAttention(draft) : DraftVersions.notWaiting(draft, "approved");
                outcomes.put(id, new BulkOutcome(id, "conflict", draft.status().wire(), why));
            } else {
                approvable.put(id, draft);
                hashes.put(
                        id,
                        Approval.contentHash(
                                draft.wording().subject(), draft.wording().body()));
            }
        }
        if (approvable.isEmpty()) {
            return Flux.fromIterable(ids).map(outcomes::get);
        }
        return drafts.approveAll(hashes, actor, at)
                .flatMap(traces -> {
                    Map<UUID, Map<String, Object>> audits = new LinkedHashMap<>();
                    List<OutboundEvent> approved = new ArrayList<>();
                    approvable.forEach((id, draft) -> {
                        if (!traces.containsKey(id)) {
                            // locked while pending, so not expected; answered as a lone approval would be
                            outcomes.put(
                                    id,
                                    new BulkOutcome(id, "conflict", null, "draft " + id + " was decided meanwhile"));
                            return;
                        }
                        String hash = hashes.get(id);
                        audits.put(id, Map.of("version", draft.version(), "content_hash", hash));
                        approved.add(approvals
                                .approved(draft, actor, hash, at)
                                // the approval goes on in the trace the draft was made in
                                .continuing(traces.get(id).orElse(null)));
                        outcomes.put(id, new BulkOutcome(id, "approved", DraftStatus.APPROVED.wire(), null));
                        staged.add(draft.timing().createdAt());
                    });
                    return history.auditAll(audits, at, actor, "approved").then(outbox.appendAll(approved));
                })
                .thenMany(Flux.defer(() -> Flux.fromIterable(ids).map(outcomes::get)));
    }

    private static String needsAttention(Draft draft) {
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

    /** What became of one draft of a bulk approval: approved, conflict or not_found. */
    record BulkOutcome(UUID id, String outcome, String status, String detail) {}
}
