package dev.touchflow.schemas.serde;

import dev.touchflow.schemas.topics.Topics;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads single-object-encoded records of any published writer version into the current
 * generated class of the topic's record, resolving the writer schema by fingerprint.
 */
public class AvroSingleObjectDeserializer implements Deserializer<SpecificRecord> {

    private final SchemaStore store;
    private final Map<String, BinaryMessageDecoder<SpecificRecord>> decodersByTopic = new ConcurrentHashMap<>();

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
        try {
            return decoderFor(topic).decode(data);
        } catch (MissingSchemaException e) {
            throw new SerializationException("unknown writer schema on " + topic + ": " + e.getMessage(), e);
        } catch (BadHeaderException e) {
            throw new SerializationException("not an Avro single-object record on " + topic + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot decode record on " + topic + ": " + e.getMessage(), e);
        }
    }

    private BinaryMessageDecoder<SpecificRecord> decoderFor(String topic) {
        return decodersByTopic.computeIfAbsent(topic, name -> {
            Schema reader = readerSchemaOf(name);
            return new BinaryMessageDecoder<>(SpecificData.getForSchema(reader), reader, store);
        });
    }

    private static Schema readerSchemaOf(String topic) {
        return Topics.AVRO_TOPICS.stream()
                .filter(avroTopic -> topic.equals(avroTopic.name()))
                .map(Topics.AvroTopic::schema)
                .findFirst()
                .orElseThrow(() -> new SerializationException("no Avro record is registered for topic " + topic));
    }

    /** The fingerprint a record of this schema carries on the wire. */
    public static long fingerprintOf(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }
}
