package dev.touchflow.drafting.draft;

import dev.touchflow.drafting.security.ApprovalSigning;
import dev.touchflow.platform.approval.Approval;
import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.outbox.OutboundEvent;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.drafting.ApprovalEvent;
import dev.touchflow.schemas.drafting.DraftApproved;
import dev.touchflow.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The {@code DraftApproved} a person's approval publishes: exactly the content approved, with its
 * hash and drafting-service's signature over the whole approval statement, which dispatch checks
 * before queueing and again before sending.
 */
@Component
class SignedApprovals {

    private final EventMetadata metadata;
    private final ApprovalSigning signing;

    SignedApprovals(EventMetadata metadata, ApprovalSigning signing) {
        this.metadata = metadata;
        this.signing = signing;
    }

    OutboundEvent approved(Draft draft, String approver, String hash, Instant at) {
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
}
