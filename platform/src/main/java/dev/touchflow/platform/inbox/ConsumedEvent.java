package dev.touchflow.platform.inbox;

import dev.touchflow.platform.fault.InvalidEventException;
import dev.touchflow.platform.kafka.EventHeaders;
import dev.touchflow.schemas.common.EventHeader;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A decoded record: its event, its ids, and where it is in the poll's records. */
record ConsumedEvent<T>(
        int index, ConsumerRecord<String, byte[]> record, String eventId, String correlationId, T event) {

    /** Reads the event id header (an invalid event without one) and the correlation id of the event's header. */
    static <T extends SpecificRecord> ConsumedEvent<T> of(int index, ConsumerRecord<String, byte[]> record, T event) {
        String eventId = EventHeaders.read(record.headers(), EventHeaders.ID)
                .orElseThrow(() -> new InvalidEventException("record has no " + EventHeaders.ID + " header"));
        Schema.Field headerField = event.getSchema().getField("header");
        Object header = headerField == null ? null : event.get(headerField.pos());
        String correlationId = header instanceof EventHeader known ? known.getCorrelationId() : eventId;
        return new ConsumedEvent<>(index, record, eventId, correlationId, event);
    }

    /** An event whose id is in its body, and is its correlation id too (an outside system's JSON). */
    static <T> ConsumedEvent<T> identified(int index, ConsumerRecord<String, byte[]> record, String eventId, T event) {
        return new ConsumedEvent<>(index, record, eventId, eventId, event);
    }

    /** Reads a poll's record at an index into an event, or throws why it cannot. */
    interface Reader<T> {
        ConsumedEvent<T> read(int index, ConsumerRecord<String, byte[]> record);
    }
}
