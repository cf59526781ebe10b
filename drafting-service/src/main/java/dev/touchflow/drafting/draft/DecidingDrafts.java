package dev.touchflow.drafting.draft;

import dev.touchflow.drafting.compose.Composition;
import dev.touchflow.drafting.compose.DraftInputs;
import dev.touchflow.drafting.compose.TemplateDrafting;
import dev.touchflow.drafting.config.DraftingProperties;
import dev.touchflow.drafting.security.ApprovalSigning;
import dev.touchflow.platform.approval.Approval;
import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.outbox.OutboundEvent;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.platform.web.ConflictException;
import dev.touchflow.platform.web.InvalidFieldException;
import dev.touchflow.platform.web.NotFoundException;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.drafting.ApprovalEvent;
import dev.touchflow.schemas.drafting.DraftApproved;
import dev.touchflow.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * What a person does with a draft: edit it (a new version, checked again), approve it (the only
 * way to an approved event, optionally with final edits), reject it with a reason, or have it
 * drafted again. Each decision locks the draft, so two people deciding at once get one answer
 * and a 409; every change is audited with who, when, before and after.
 */
@Service
class DecidingDrafts {

    private final DraftRepository drafts;
    private final DraftHistory history;
    private final DraftVersions versions;
    private final DraftingTasks tasks;
    private final OutboxWriter outbox;
    private final EventMetadata metadata;
    private final TransactionalOperator transactions;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration agentAnswerWithin;

    private final ApprovalSigning signing;

    DecidingDrafts(
            DraftRepository drafts,
            DraftHistory history,
            DraftVersions versions,
            DraftingTasks tasks,
            OutboxWriter outbox,
            EventMetadata metadata,
            TransactionalOperator transactions,
            JsonMapper json,
            Clock clock,
            DraftingProperties properties,
            ApprovalSigning signing) {
        this.signing = signing;
        this.drafts = drafts;
        this.history = history;
        this.versions = versions;
        this.tasks = tasks;
        this.outbox = outbox;
        this.metadata = metadata;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
        this.agentAnswerWithin = properties.agentAnswerWithin();
    }

    /** A person's new subject and body for a waiting draft: a new version, checked again. */
    Mono<Draft> edit(UUID id, Edit edit, String actor) {
        return transactions.transactional(waiting(id, "edited").flatMap(draft -> edited(draft, edit, actor)));
    }

    /**
     * Approves a pending draft, after applying the final edits if there are any. A draft that
     * needs attention can be approved only with edits that make every check pass. Nothing
     * changes when the approval is refused.
     */
    Mono<Draft> approve(UUID id, Edit finalEdits, String actor) {
        return transactions.transactional(waiting(id, "approved")
                .flatMap(draft -> finalEdits.changes(draft) ? edited(draft, finalEdits, actor) : Mono.just(draft))
                .flatMap(draft -> {
                    if (!draft.pending()) {
                        return Mono.error(new ConflictException(
                                "draft " + id + " needs attention and cannot be approved " + "until its checks pass: "
                                        + String.join("; ", draft.checked().problems())));
                    }
                    Instant at = clock.instant();
                    String hash = Approval.contentHash(
                            draft.wording().subject(), draft.wording().body());
                    return drafts.approve(id, actor, hash, at)
                            .filter(Boolean::booleanValue)
                            .switchIfEmpty(
                                    Mono.error(() -> new ConflictException("draft " + id + " was decided meanwhile")))
                            .then(history.audit(
                                    id,
                                    at,
                                    actor,
                                    "approved",
                                    null,
                                    Map.of("version", draft.version(), "content_hash", hash)))
                            .then(outbox.append(approved(draft, actor, hash, at)))
                            .then(drafts.find(id));
                }));
    }

    /** Approves each draft on its own; one that cannot be approved does not stop the others. */
    Flux<BulkOutcome> approveAll(List<UUID> ids, String actor, Predicate<Draft> visible) {
        return Flux.fromIterable(new LinkedHashSet<>(ids))
                .concatMap(id -> drafts.find(id)
                        .filter(visible)
                        .switchIfEmpty(Mono.error(() -> new NotFoundException("no draft " + id)))
                        .then(Mono.defer(() -> approve(id, Edit.NONE, actor)))
                        .map(draft ->
                                new BulkOutcome(id, "approved", draft.status().wire(), null))
                        .onErrorResume(
                                NotFoundException.class,
                                e -> Mono.just(new BulkOutcome(id, "not_found", null, e.getMessage())))
                        .onErrorResume(
                                ConflictException.class,
                                e -> drafts.find(id)
                                        .map(draft -> new BulkOutcome(
                                                id, "conflict", draft.status().wire(), e.getMessage()))));
    }

    Mono<Draft> reject(UUID id, String reason, String actor) {
        if (reason == null || reason.isBlank()) {
            return Mono.error(new InvalidFieldException("reason", "a rejection needs a reason"));
        }
        return transactions.transactional(waiting(id, "rejected").flatMap(draft -> {
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

    /**
     * Drafts a waiting draft again the way it was made: a template draft is rendered again at
     * once; an LLM draft goes back to the worker; an agent draft gets a new drafting task.
     */
    Mono<Draft> regenerate(UUID id, String actor) {
        return transactions.transactional(waiting(id, "regenerated").flatMap(draft -> {
            Instant now = clock.instant();
            String mode = String.valueOf(draft.origin().inputs().getOrDefault("mode", "template"));
            if ("template".equals(mode)) {
                Composition composition = TemplateDrafting.compose(
                        json.convertValue(draft.origin().inputs(), DraftInputs.class));
                return versions.checked(draft, composition, now)
                        .flatMap(next -> drafts.revise(next, draft.status())
                                .then(versions.recorded(next, actor, "regenerated", DraftVersions.summary(draft)))
                                .then(outbox.append(versions.staged(next))))
                        .then(drafts.find(id));
            }
            Instant answerBy = "agent".equals(mode) ? now.plus(agentAnswerWithin) : null;
            Draft redrafting = draft.redrafting(
                    "agent".equals(mode) ? "agent:" + draft.origin().inputs().get("agent") : "llm", answerBy, now);
            Mono<Void> task = "agent".equals(mode)
                    ? drafts.earlierTouches(
                                    draft.touch().enrollmentId(), draft.touch().stepNumber())
                            .map(earlier -> earlier.wording().body())
                            .collectList()
                            .flatMap(earlier -> outbox.append(tasks.task(redrafting, null, earlier)))
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
                    .then(task)
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

    /** The draft, locked, if a person may still decide on it; else 404 or 409 saying why not. */
    private Mono<Draft> waiting(UUID id, String action) {
        return drafts.lock(id)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no draft " + id)))
                .flatMap(draft -> draft.waiting()
                        ? Mono.just(draft)
                        : Mono.error(new ConflictException("draft " + id + " is " + draft.status() + reason(draft)
                                + "; only a pending or needs_attention draft can be " + action)));
    }

    private static String reason(Draft draft) {
        return draft.decision().decisionReason() == null
                ? ""
                : " (" + draft.decision().decisionReason() + ")";
    }

    private OutboundEvent approved(Draft draft, String approver, String hash, Instant at) {
        EventHeader header = metadata.header(
                draft.clientId(), draft.touch().contactId(), draft.touch().correlationId(), null);
        DraftApproved approved = DraftApproved.newBuilder()
                .setDraftId(draft.id().toString())
                .setEnrollmentId(draft.touch().enrollmentId().toString())
                .setCampaignSlug(draft.touch().campaignSlug())
                .setCampaignVersion(draft.touch().campaignVersion())
                .setStepNumber(draft.touch().stepNumber())
                .setChannel(draft.touch().channel())
                .setToId(draft.touch().toId())
                .setContactName((String) draft.touch().context().get("contact_name"))
                .setSubject(draft.wording().subject())
                .setBody(draft.wording().body())
                .setContentHash(hash)
                .setApprovedBy(approver)
                .setApprovedAt(at)
                .setRequiresPersonalSend(draft.touch().requiresPersonalSend())
                .setDraftedBy(draft.origin().madeBy())
                .setNewThread(Boolean.TRUE.equals(draft.touch().context().get("new_thread")))
                .setDraftVersion(draft.version())
                .build();
        approved.setSignature(ByteBuffer.wrap(signing.sign(Approval.of(approved, header, hash))));
        approved.setSigningKeyId(signing.keyId());
        return new OutboundEvent(
                Topics.APPROVED,
                header,
                "DraftApproved",
                ApprovalEvent.newBuilder()
                        .setHeader(header)
                        .setPayload(approved)
                        .build());
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
