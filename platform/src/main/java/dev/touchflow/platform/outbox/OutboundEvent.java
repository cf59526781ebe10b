package dev.touchflow.platform.outbox;

import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.topics.Topics;
import org.apache.avro.specific.SpecificRecord;

/**
 * One event to publish: the topic, the record (an envelope or a single-type record), its header
 * and its type name (the payload's simple name on multi-type topics).
 */
public record OutboundEvent(String topic, EventHeader header, String type, SpecificRecord record) {

    public String key() {
        return Topics.contactKey(header.getClientId(), header.getContactId());
    }
}
