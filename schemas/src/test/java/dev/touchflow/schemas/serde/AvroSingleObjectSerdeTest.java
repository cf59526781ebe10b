package dev.touchflow.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.touchflow.schemas.common.Contact;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.common.SchedulePolicy;
import dev.touchflow.schemas.common.StepSpec;
import dev.touchflow.schemas.enrollment.Enrolled;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.sequencer.SequenceExhausted;
import dev.touchflow.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSingleObjectSerdeTest {

    private final AvroSingleObjectSerializer serializer = new AvroSingleObjectSerializer();

    @Test
    void aRecordRoundTripsWithTheSingleObjectMarkerAndFingerprint() {
        SequenceExhausted event = exhausted();

        byte[] bytes = serializer.serialize(Topics.SEQUENCE_EXHAUSTED, event);

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fingerprint =
                ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fingerprint)
                .isEqualTo(AvroSingleObjectDeserializer.fingerprintOf(SequenceExhausted.getClassSchema()));
        assertThat(new AvroSingleObjectDeserializer().deserialize(Topics.SEQUENCE_EXHAUSTED, bytes))
                .isEqualTo(event);
    }

    @Test
    void theBytesAreAvrosOwnSingleObjectEncodingAndReadBackEqual() throws Exception {
        // a record with nested records, an array, unions set and unset, a timestamp and non-ASCII text
        EnrollmentEvent event = EnrollmentEvent.newBuilder()
                .setHeader(exhausted().getHeader())
                .setPayload(Enrolled.newBuilder()
                        .setEnrollmentId("e-1")
                        .setCampaignSlug("b2bea_membership_close")
                        .setCampaignName("Membership – close")
                        .setCampaignVersion(3)
                        .setContact(Contact.newBuilder()
                                .setId("c-1")
                                .setEmail("jo@example.com")
                                .setFirstName("Jö")
                                .setLastName(null)
                                .setCompany("東京 Ltd")
                                .setTitle(null)
                                .setLinkedinUrl(null)
                                .setTimezone("Europe/Berlin")
                                .build())
                        .setGoal("book a call")
                        .setNotes(null)
                        .setEnrolledBy("api")
                        .setEnrolledAt(Instant.parse("2026-03-04T15:00:00.123Z"))
                        .setGracePeriodMinutes(4320)
                        .setSteps(List.of(step(1, 0, "Hi {{first_name}}"), step(2, 3 * 24 * 60, "Following up")))
                        .setTimezone("Europe/Berlin")
                        .setSchedule(SchedulePolicy.newBuilder()
                                .setBusinessDaysOnly(true)
                                .setHolidayCalendar("de")
                                .setWindowStart("08:00")
                                .setWindowEnd("18:00")
                                .build())
                        .build())
                .build();

        byte[] bytes = serializer.serialize(Topics.ENROLLMENT, event);

        // Avro's own encoder, walking the schema generically (a model of its own, without the generated coders)
        SpecificData generic = new SpecificData();
        generic.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        generic.addLogicalTypeConversion(new TimeConversions.DateConversion());
        ByteBuffer avros =
                new BinaryMessageEncoder<EnrollmentEvent>(generic, EnrollmentEvent.getClassSchema()).encode(event);
        byte[] expected = new byte[avros.remaining()];
        avros.get(expected);
        assertThat(bytes).isEqualTo(expected);
        assertThat(new AvroSingleObjectDeserializer().deserialize(Topics.ENROLLMENT, bytes))
                .isEqualTo(event);
    }

    @Test
    void aTruncatedRecordIsAClearSerializationError() {
        byte[] bytes = serializer.serialize(Topics.SEQUENCE_EXHAUSTED, exhausted());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);

        assertThatThrownBy(() -> new AvroSingleObjectDeserializer().deserialize(Topics.SEQUENCE_EXHAUSTED, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot decode record on touchflow.sequence-exhausted");
    }

    @Test
    void aRecordWrittenWithAnOlderSchemaIsReadIntoTheCurrentClass() throws Exception {
        // Given an older SequenceExhausted that had no last_step yet, known to the store
        Schema older = new Schema.Parser()
                .parse(SequenceExhausted.getClassSchema()
                        .toString()
                        .replace(",{\"name\":\"last_step\",\"type\":\"int\"}", ""));
        assertThat(older.getField("last_step")).isNull();
        Schema withDefault = new Schema.Parser()
                .parse(SequenceExhausted.getClassSchema()
                        .toString()
                        .replace(
                                "{\"name\":\"last_step\",\"type\":\"int\"}",
                                "{\"name\":\"last_step\",\"type\":\"int\",\"default\":0}"));
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
        var decoder = new BinaryMessageDecoder<GenericRecord>(GenericData.get(), withDefault, store);
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

        assertThatThrownBy(() -> new AvroSingleObjectDeserializer(new SchemaStore.Cache())
                        .deserialize(Topics.SEQUENCE_EXHAUSTED, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown writer schema on touchflow.sequence-exhausted");
    }

    @Test
    void bytesThatAreNotAvroAreAClearSerializationError() {
        assertThatThrownBy(() -> new AvroSingleObjectDeserializer()
                        .deserialize(Topics.SEQUENCE_EXHAUSTED, "{\"json\":true}".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not an Avro single-object record on touchflow.sequence-exhausted");
    }

    private static SequenceExhausted exhausted() {
        return SequenceExhausted.newBuilder()
                .setHeader(EventHeader.newBuilder()
                        .setEventId("ev-1")
                        .setOccurredAt(Instant.parse("2026-05-02T15:00:00Z"))
                        .setClientId("b2bea")
                        .setContactId("c-1")
                        .setCorrelationId("corr-1")
                        .setCausationId(null)
                        .setProducer("sequencer-service")
                        .build())
                .setEnrollmentId("e-1")
                .setCampaignSlug("b2bea_membership_close")
                .setLastStep(8)
                .build();
    }

    private static StepSpec step(int number, long minutes, String subject) {
        return StepSpec.newBuilder()
                .setStepNumber(number)
                .setDelayMinutes(minutes)
                .setChannel("email")
                .setContentType("follow_up")
                .setSubjectTemplate(subject)
                .setBodyTemplate("Body of " + number)
                .setTemplateInstructions(null)
                .setRequiresPersonalSend(number == 2)
                .build();
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
