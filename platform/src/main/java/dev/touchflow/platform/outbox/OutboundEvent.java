package dev.touchflow.platform.outbox;

import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.topics.Topics;
import org.apache.avro.specific.SpecificRecord;

/**
 * One event to publish: the topic, the record key, the record (an envelope or a single-type
 * record), its header and its type name (the payload's simple name on multi-type topics).
 */
public record OutboundEvent(String topic, String key, EventHeader header, String type, SpecificRecord record) {

    /** An event about one contact, keyed by the contact key like every contact event. */
    public OutboundEvent(String topic, EventHeader header, String type, SpecificRecord record) {
        this(topic, Topics.contactKey(header.getClientId(), header.getContactId()), header, type, record);
    }
}
