package dev.touchflow.drafting.draft;

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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The only way to an approved event: a person approves a pending draft, optionally with final
 * edits, and {@code DraftApproved} carries that final content and its hash. Approving anything but
 * a pending draft is a conflict, so a second approval publishes nothing.
 */
@Service
class ApprovingDrafts {

    private final DraftRepository drafts;
    private final OutboxWriter outbox;
    private final EventMetadata metadata;
    private final TransactionalOperator transactions;
    private final Clock clock;

    ApprovingDrafts(DraftRepository drafts, OutboxWriter outbox, EventMetadata metadata,
                    TransactionalOperator transactions, Clock clock) {
        this.drafts = drafts;
        this.outbox = outbox;
        this.metadata = metadata;
        this.transactions = transactions;
        this.clock = clock;
    }

    Mono<Draft> approve(UUID id, ApproveRequest request) {
        String approver = request.approvedBy() == null || request.approvedBy().isBlank() ? "operator" : request.approvedBy();
        return drafts.find(id)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no draft " + id)))
                .flatMap(draft -> {
                    if (!draft.pending()) {
                        return Mono.error(new ConflictException("draft " + id + " is " + draft.status()
                                + ("needs_attention".equals(draft.status()) ? ": " + draft.problems() : "")
                                + "; only a pending draft can be approved"));
                    }
                    Draft finalDraft = draft.withContent(
                            request.subject() == null ? draft.subject() : request.subject(),
                            request.body() == null ? draft.body() : request.body());
                    if (finalDraft.body().isBlank()) {
                        return Mono.error(new InvalidFieldException("body", "must not be blank"));
                    }
                    return transactions.transactional(approved(draft, finalDraft, approver, clock.instant()));
                });
    }

    private Mono<Draft> approved(Draft before, Draft after, String approver, Instant at) {
        String hash = contentHash(after.subject(), after.body());
        return drafts.approve(after, approver, hash, at)
                .flatMap(approved -> approved
                        ? drafts.audit(after.id(), at, approver, "approved", before, after)
                                .then(outbox.append(event(after, approver, hash, at)))
                                .then(drafts.find(after.id()))
                        : Mono.error(new ConflictException("draft " + after.id() + " was decided meanwhile")));
    }

    private OutboundEvent event(Draft draft, String approver, String hash, Instant at) {
        EventHeader header = metadata.header(draft.clientId(), draft.contactId(), draft.correlationId(), null);
        DraftApproved approved = DraftApproved.newBuilder()
                .setDraftId(draft.id().toString()).setEnrollmentId(draft.enrollmentId().toString())
                .setCampaignSlug(draft.campaignSlug()).setCampaignVersion(draft.campaignVersion())
                .setStepNumber(draft.stepNumber()).setChannel(draft.channel()).setToId(draft.toId())
                .setContactName((String) draft.context().get("contact_name"))
                .setSubject(draft.subject()).setBody(draft.body()).setContentHash(hash)
                .setApprovedBy(approver).setApprovedAt(at).setRequiresPersonalSend(draft.requiresPersonalSend())
                .build();
        return new OutboundEvent(Topics.APPROVED, header, "DraftApproved",
                ApprovalEvent.newBuilder().setHeader(header).setPayload(approved).build());
    }

    static String contentHash(String subject, String body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((subject == null ? "" : subject).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(body.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
