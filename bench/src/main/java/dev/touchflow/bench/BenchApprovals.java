package dev.touchflow.bench;

import dev.touchflow.platform.approval.Approval;
import dev.touchflow.platform.approval.ApprovalKeys;
import dev.touchflow.platform.kafka.EventHeaders;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.drafting.ApprovalEvent;
import dev.touchflow.schemas.drafting.DraftApproved;
import dev.touchflow.schemas.serde.AvroSingleObjectSerializer;
import dev.touchflow.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Approvals as drafting-service publishes them: one email touch of a contact, signed with the given key. */
final class BenchApprovals {

    private BenchApprovals() {}

    static ProducerRecord<String, byte[]> signed(
            AvroSingleObjectSerializer avro, String contact, String name, String draftId, Instant now, KeyPair keys) {
        EventHeader header = EventHeader.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(now)
                .setClientId("b2bea")
                .setContactId(contact)
                .setCorrelationId(contact)
                .setCausationId(null)
                .setProducer("bench")
                .build();
        DraftApproved approved = DraftApproved.newBuilder()
                .setDraftId(draftId)
                .setEnrollmentId(UUID.randomUUID().toString())
                .setCampaignSlug("b2bea_membership_close")
                .setCampaignVersion(1)
                .setStepNumber(1)
                .setChannel("email")
                .setToId(contact + "@acme.example")
                .setContactName(name)
                .setSubject("Following up")
                .setBody("Hi,\n\nas promised.")
                .setContentHash(Approval.contentHash("Following up", "Hi,\n\nas promised."))
                .setApprovedBy("bench")
                .setApprovedAt(now)
                .setRequiresPersonalSend(false)
                .setSigningKeyId("bench")
                .build();
        approved.setSignature(ByteBuffer.wrap(
                ApprovalKeys.sign(Approval.of(approved, header, approved.getContentHash()), keys.getPrivate())));
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                Topics.APPROVED,
                "b2bea:" + contact,
                avro.serialize(
                        Topics.APPROVED,
                        ApprovalEvent.newBuilder()
                                .setHeader(header)
                                .setPayload(approved)
                                .build()));
        EventHeaders.write(record.headers(), EventHeaders.ID, header.getEventId());
        return record;
    }
}
