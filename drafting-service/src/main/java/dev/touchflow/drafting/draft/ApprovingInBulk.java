package dev.touchflow.drafting.draft;

import dev.touchflow.platform.approval.Approval;
import dev.touchflow.platform.outbox.OutboundEvent;
import dev.touchflow.platform.outbox.OutboxWriter;
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
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A person approving a page of drafts at once: each draft approved as {@link DecidingDrafts#approve}
 * approves one without final edits (the same checks, audit entry and signed approval), in one
 * transaction for the page and a statement for each step rather than one per draft.
 */
@Service
class ApprovingInBulk {

    private final DatabaseClient db;
    private final DraftRows rows;
    private final DraftHistory history;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactions;
    private final SignedApprovals approvals;
    private final Clock clock;
    private final Timer approvalLatency;

    ApprovingInBulk(
            DatabaseClient db,
            DraftRows rows,
            DraftHistory history,
            OutboxWriter outbox,
            TransactionalOperator transactions,
            SignedApprovals approvals,
            Clock clock,
            MeterRegistry meters) {
        this.db = db;
        this.rows = rows;
        this.history = history;
        this.outbox = outbox;
        this.transactions = transactions;
        this.approvals = approvals;
        this.clock = clock;
        this.approvalLatency = DecidingDrafts.approvalLatency(meters);
    }

    /**
     * Approves each draft of a page as {@link DecidingDrafts#approve} does one, without final edits, all in one
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
                    .transactional(lockAll(unique)
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
                String why = draft.waiting()
                        ? DecidingDrafts.needsAttention(draft)
                        : DraftVersions.notWaiting(draft, "approved");
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
        return approve(hashes, actor, at)
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

    /** Locks the drafts of these ids that exist, in id order (so two bulk decisions never deadlock). */
    private Flux<Draft> lockAll(List<UUID> ids) {
        return db.sql("SELECT * FROM drafts WHERE id = ANY(:ids) ORDER BY id FOR UPDATE")
                .bind("ids", ids.toArray(UUID[]::new))
                .map(rows::draft)
                .all();
    }

    /**
     * Approves pending drafts, each with its content's hash, as {@link DraftRepository#approve} does one; answers the
     * trace each approved draft was made in, by id (empty when it has none), leaving out a draft that was
     * not pending.
     */
    private Mono<Map<UUID, Optional<String>>> approve(Map<UUID, String> hashes, String approvedBy, Instant at) {
        return db.sql("""
                        UPDATE drafts d SET status = 'approved', content_hash = a.hash, approved_by = :by, approved_at = :at,
                            decided_by = :by, decided_at = :at, updated_at = :at
                        FROM unnest(:ids::uuid[], :hashes::text[]) AS a (id, hash)
                        WHERE d.id = a.id AND d.status = 'pending' RETURNING d.id, d.traceparent""")
                .bind("ids", hashes.keySet().toArray(UUID[]::new))
                .bind("hashes", hashes.values().toArray(String[]::new))
                .bind("by", approvedBy)
                .bind("at", at)
                .map(row ->
                        Map.entry(row.get("id", UUID.class), Optional.ofNullable(row.get("traceparent", String.class))))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /** What became of one draft of a bulk approval: approved, conflict or not_found. */
    record BulkOutcome(UUID id, String outcome, String status, String detail) {}
}
