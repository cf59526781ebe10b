package dev.touchflow.platform.outbox;

import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.topics.Topics;
import org.apache.avro.specific.SpecificRecord;

/**
 * One event to publish: the topic, the record key, the record (an envelope or a single-type
 * record), its header, its type name (the payload's simple name on multi-type topics) and the
 * {@code traceparent} of the work it continues, when that is not the work in hand (a timer's,
 * stored with it); null takes the trace of the work that appends it.
 */
public record OutboundEvent(
        String topic, String key, EventHeader header, String type, SpecificRecord record, String traceparent) {

    public OutboundEvent(String topic, String key, EventHeader header, String type, SpecificRecord record) {
        this(topic, key, header, type, record, null);
    }

    /** An event about one contact, keyed by the contact key like every contact event. */
    public OutboundEvent(String topic, EventHeader header, String type, SpecificRecord record) {
        this(topic, Topics.contactKey(header.getClientId(), header.getContactId()), header, type, record);
    }

    /** This event, in the trace {@code traceparent} names (null: the trace of the work that appends it). */
    public OutboundEvent continuing(String traceparent) {
        return new OutboundEvent(topic, key, header, type, record, traceparent);
    }
}
