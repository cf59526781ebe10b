package dev.touchflow.dispatch.send;

import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.drafting.DraftApproved;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.UUID;

/** The send an approval queues, and the signed fields its row keeps beside it. */
final class ApprovalToSend {

    /** Stands for an id an approval carries that is not one; such an approval is refused. */
    private static final UUID NIL = new UUID(0, 0);

    private ApprovalToSend() {}

    static Send send(DraftApproved approved, EventHeader header, boolean automatic, Instant undoUntil, Instant now) {
        return new Send(
                UUID.randomUUID(),
                new Touch(
                        uuidOrNil(approved.getDraftId()),
                        uuidOrNil(approved.getEnrollmentId()),
                        approved.getStepNumber(),
                        approved.getChannel(),
                        header.getClientId(),
                        header.getContactId(),
                        header.getCorrelationId(),
                        approved.getCampaignSlug()),
                new Content(
                        approved.getToId(),
                        approved.getContactName(),
                        approved.getSubject(),
                        approved.getBody(),
                        approved.getContentHash()),
                new Decision(approved.getApprovedBy(), approved.getRequiresPersonalSend(), null),
                Progress.queued(automatic, undoUntil),
                Envelope.unsent(approved.getNewThread()),
                now);
    }

    static SendRepository.SignedFields signed(DraftApproved approved, byte[] signature) {
        return new SendRepository.SignedFields(
                approved.getDraftVersion(),
                approved.getCampaignVersion(),
                approved.getApprovedAt(),
                signature,
                approved.getSigningKeyId());
    }

    static byte[] signature(DraftApproved approved) {
        if (approved.getSignature() == null) {
            return null;
        }
        ByteBuffer copy = approved.getSignature().duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    static boolean namesItsDraftAndEnrollment(DraftApproved approved) {
        return !uuidOrNil(approved.getDraftId()).equals(NIL)
                && !uuidOrNil(approved.getEnrollmentId()).equals(NIL);
    }

    private static UUID uuidOrNil(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException notAnId) {
            return NIL;
        }
    }
}
