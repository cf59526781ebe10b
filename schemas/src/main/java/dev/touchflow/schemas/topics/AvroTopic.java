package dev.touchflow.schemas.topics;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/** A topic whose values are Avro records of one top-level schema. */
public record AvroTopic(String name, Class<? extends SpecificRecord> valueType, Schema schema) {

    /** The topic of this generated record class, with the class's own schema. */
    public AvroTopic(String name, Class<? extends SpecificRecord> valueType) {
        this(name, valueType, SpecificData.get().getSchema(valueType));
    }
}
