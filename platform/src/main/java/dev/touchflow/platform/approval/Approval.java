package dev.touchflow.platform.approval;

import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.drafting.DraftApproved;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * What a person approved, as signed: which draft and version, for which enrollment, step, channel
 * and recipient, the hash of the exact subject and body, who approved and when. drafting-service
 * signs its {@link #statement()}; dispatch-service recomputes it from what it is about to send
 * (the hash from the very subject and body) and sends only when the signature holds.
 */
public record Approval(
        String draftId,
        int draftVersion,
        String enrollmentId,
        String clientId,
        String contactId,
        String campaignSlug,
        int campaignVersion,
        int stepNumber,
        String channel,
        String toId,
        String contentHash,
        String approvedBy,
        Instant approvedAt,
        boolean requiresPersonalSend,
        boolean newThread) {

    private static final String VERSION = "touchflow.approval.v1";

    /** The statement of an approval event: the signed fields it carries, with the hash of the content given. */
    public static Approval of(DraftApproved approved, EventHeader header, String contentHash) {
        return new Approval(
                approved.getDraftId(),
                approved.getDraftVersion(),
                approved.getEnrollmentId(),
                header.getClientId(),
                header.getContactId(),
                approved.getCampaignSlug(),
                approved.getCampaignVersion(),
                approved.getStepNumber(),
                approved.getChannel(),
                approved.getToId(),
                contentHash,
                approved.getApprovedBy(),
                approved.getApprovedAt(),
                approved.getRequiresPersonalSend(),
                approved.getNewThread());
    }

    /**
     * The bytes signed: each field as {@code name=<length>:<value>} on a line of its own, in a fixed
     * order, so no two approvals read the same. The time counts whole milliseconds, as the event carries it.
     */
    public byte[] statement() {
        StringBuilder text = new StringBuilder(512).append(VERSION).append('\n');
        field(text, "draft_id", draftId);
        field(text, "draft_version", String.valueOf(draftVersion));
        field(text, "enrollment_id", enrollmentId);
        field(text, "client_id", clientId);
        field(text, "contact_id", contactId);
        field(text, "campaign_slug", campaignSlug);
        field(text, "campaign_version", String.valueOf(campaignVersion));
        field(text, "step_number", String.valueOf(stepNumber));
        field(text, "channel", channel);
        field(text, "to_id", toId);
        field(text, "content_hash", contentHash);
        field(text, "approved_by", approvedBy);
        field(text, "approved_at", String.valueOf(approvedAt.toEpochMilli()));
        field(text, "requires_personal_send", String.valueOf(requiresPersonalSend));
        field(text, "new_thread", String.valueOf(newThread));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder text, String name, String value) {
        String present = value == null ? "" : value;
        text.append(name)
                .append('=')
                .append(value == null ? -1 : present.length())
                .append(':')
                .append(present)
                .append('\n');
    }

    /** SHA-256 of the subject (none is empty), a zero byte and the body; hex. */
    public static String contentHash(String subject, String body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((subject == null ? "" : subject).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update((body == null ? "" : body).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
