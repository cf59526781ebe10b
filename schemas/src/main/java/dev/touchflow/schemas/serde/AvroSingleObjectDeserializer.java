package dev.touchflow.schemas.serde;

import dev.touchflow.schemas.topics.AvroTopic;
import dev.touchflow.schemas.topics.Topics;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads single-object-encoded records of any published writer version into the current
 * generated class of the topic's record, resolving the writer schema by fingerprint.
 *
 * <p>Avro's own {@code BinaryMessageDecoder} reads through an unbuffered decoder over a
 * synchronized stream, a call per byte. This reads the array directly, with a reader per writer
 * schema built once.
 */
public class AvroSingleObjectDeserializer implements Deserializer<SpecificRecord> {

    private final SchemaStore store;
    private final Map<String, Map<Long, DatumReader<SpecificRecord>>> readersByTopic = new ConcurrentHashMap<>();
    private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

    public AvroSingleObjectDeserializer() {
        this(PublishedSchemas.store());
    }

    /** With a store of writer schemas of one's own, for readers of schemas not yet on the classpath. */
    public AvroSingleObjectDeserializer(SchemaStore store) {
        this.store = store;
    }

    @Override
    public SpecificRecord deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (!SingleObjectHeader.isAt(data)) {
            throw new SerializationException("not an Avro single-object record on " + topic + ": it starts with "
                    + HexFormat.ofDelimiter(" ").formatHex(data, 0, Math.min(data.length, 2)));
        }
        DatumReader<SpecificRecord> reader = readerFor(topic, SingleObjectHeader.fingerprintIn(data));
        BinaryDecoder decoder = DecoderFactory.get()
                .binaryDecoder(
                        data, SingleObjectHeader.LENGTH, data.length - SingleObjectHeader.LENGTH, decoders.get());
        decoders.set(decoder);
        try {
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot decode record on " + topic + ": " + e, e);
        }
    }

    private DatumReader<SpecificRecord> readerFor(String topic, long fingerprint) {
        return readersByTopic
                .computeIfAbsent(topic, name -> new ConcurrentHashMap<>())
                .computeIfAbsent(fingerprint, print -> {
                    Schema writer = store.findByFingerprint(print);
                    if (writer == null) {
                        throw new SerializationException("unknown writer schema on " + topic
                                + ": no schema has fingerprint " + Long.toHexString(print));
                    }
                    Schema reader = readerSchemaOf(topic);
                    return new SpecificDatumReader<>(writer, reader, SpecificData.getForSchema(reader));
                });
    }

    private static Schema readerSchemaOf(String topic) {
        return Topics.AVRO_TOPICS.stream()
                .filter(avroTopic -> topic.equals(avroTopic.name()))
                .map(AvroTopic::schema)
                .findFirst()
                .orElseThrow(() -> new SerializationException("no Avro record is registered for topic " + topic));
    }

    /** The fingerprint a record of this schema carries on the wire. */
    public static long fingerprintOf(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }
}
