package dev.touchflow.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.sequencer.SequenceExhausted;
import dev.touchflow.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSingleObjectSerdeTest {

    private final AvroSingleObjectSerializer serializer = new AvroSingleObjectSerializer();

    @Test
    void aRecordRoundTripsWithTheSingleObjectMarkerAndFingerprint() {
        SequenceExhausted event = exhausted();

        byte[] bytes = serializer.serialize(Topics.SEQUENCER, event);

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fingerprint).isEqualTo(AvroSingleObjectDeserializer.fingerprintOf(SequenceExhausted.getClassSchema()));
        assertThat(new AvroSingleObjectDeserializer().deserialize(Topics.SEQUENCER, bytes)).isEqualTo(event);
    }

    @Test
    void aRecordWrittenWithAnOlderSchemaIsReadIntoTheCurrentClass() throws Exception {
        // Given an older SequenceExhausted that had no last_step yet, known to the store
        Schema older = new Schema.Parser().parse(SequenceExhausted.getClassSchema().toString()
                .replace(",{\"name\":\"last_step\",\"type\":\"int\"}", ""));
        assertThat(older.getField("last_step")).isNull();
        Schema withDefault = new Schema.Parser().parse(SequenceExhausted.getClassSchema().toString()
                .replace("{\"name\":\"last_step\",\"type\":\"int\"}", "{\"name\":\"last_step\",\"type\":\"int\",\"default\":0}"));
        SchemaStore.Cache store = new SchemaStore.Cache();
        store.addSchema(older);
        GenericRecord old = new GenericData.Record(older);
        old.put("header", genericHeader(older.getField("header").schema()));
        old.put("enrollment_id", "e-1");
        old.put("campaign_slug", "b2bea_membership_close");
        ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(old);
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);

        // When a reader whose schema gives the new field a default decodes it
        var decoder = new org.apache.avro.message.BinaryMessageDecoder<GenericRecord>(GenericData.get(), withDefault, store);
        GenericRecord read = decoder.decode(bytes);

        // Then the writer schema was found by fingerprint and the new field takes its default
        assertThat(read.get("enrollment_id").toString()).isEqualTo("e-1");
        assertThat(read.get("last_step")).isEqualTo(0);
    }

    @Test
    void anUnknownWriterSchemaIsAClearSerializationError() throws Exception {
        // Given a record written with a schema no published version has
        Schema unknown = new Schema.Parser().parse("""
                {"type":"record","name":"SequenceExhausted","namespace":"dev.touchflow.schemas.sequencer",
                 "fields":[{"name":"only","type":"string"}]}""");
        GenericRecord record = new GenericData.Record(unknown);
        record.put("only", "x");
        ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), unknown).encode(record);
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);

        assertThatThrownBy(() -> new AvroSingleObjectDeserializer(new SchemaStore.Cache()).deserialize(Topics.SEQUENCER, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown writer schema on touchflow.sequencer");
    }

    @Test
    void bytesThatAreNotAvroAreAClearSerializationError() {
        assertThatThrownBy(() -> new AvroSingleObjectDeserializer().deserialize(Topics.SEQUENCER, "{\"json\":true}".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not an Avro single-object record on touchflow.sequencer");
    }

    private static SequenceExhausted exhausted() {
        return SequenceExhausted.newBuilder()
                .setHeader(EventHeader.newBuilder().setEventId("ev-1").setOccurredAt(Instant.parse("2026-05-02T15:00:00Z"))
                        .setClientId("b2bea").setContactId("c-1").setCorrelationId("corr-1").setCausationId(null)
                        .setProducer("sequencer-service").build())
                .setEnrollmentId("e-1").setCampaignSlug("b2bea_membership_close").setLastStep(8).build();
    }

    private static GenericRecord genericHeader(Schema schema) {
        GenericRecord header = new GenericData.Record(schema);
        header.put("event_id", "ev-0");
        header.put("occurred_at", 0L);
        header.put("client_id", "b2bea");
        header.put("contact_id", "c-1");
        header.put("correlation_id", "corr-0");
        header.put("causation_id", null);
        header.put("producer", "sequencer-service");
        return header;
    }
}
