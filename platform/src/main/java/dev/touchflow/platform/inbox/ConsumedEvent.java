package dev.touchflow.platform.inbox;

import dev.touchflow.platform.fault.InvalidEventException;
import dev.touchflow.platform.kafka.EventHeaders;
import dev.touchflow.schemas.common.EventHeader;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A decoded record: its event, its ids, and where it is in the poll's records. */
record ConsumedEvent<T extends SpecificRecord>(
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
}
