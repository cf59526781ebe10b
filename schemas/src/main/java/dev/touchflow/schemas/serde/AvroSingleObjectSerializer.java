package dev.touchflow.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a record in Avro's single-object encoding: the two-byte marker, the writer schema's
 * 8-byte CRC-64-AVRO fingerprint, then the binary body. Needs no registry to read back.
 *
 * <p>Avro's own {@code BinaryMessageEncoder} writes through an unbuffered encoder into a
 * synchronized stream, a call per field. This writes the same bytes through a buffered encoder into
 * a buffer of the thread's own, and lets the generated classes' own coders write the records that
 * have them (Avro generates none for a record with a logical-type field, such as every event's
 * header; those are written by walking their schema, as before).
 */
public class AvroSingleObjectSerializer implements Serializer<SpecificRecord> {

    private final Map<Schema, Writer> writers = new ConcurrentHashMap<>();
    private final ThreadLocal<Output> outputs = ThreadLocal.withInitial(Output::new);

    @Override
    public byte[] serialize(String topic, SpecificRecord record) {
        if (record == null) {
            return null;
        }
        Writer writer = writers.computeIfAbsent(record.getSchema(), Writer::new);
        Output output = outputs.get();
        output.reset();
        output.write(writer.header, 0, writer.header.length);
        output.encoder = EncoderFactory.get().binaryEncoder(output, output.encoder);
        try {
            writer.datumWriter.write(record, output.encoder);
            output.encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + record.getSchema().getFullName(), e);
        }
        return output.toByteArray();
    }

    /** A schema's header bytes and its writer, which uses the generated class's own coders. */
    private static final class Writer {

        final byte[] header;
        final SpecificDatumWriter<SpecificRecord> datumWriter;

        Writer(Schema schema) {
            this.header = SingleObjectHeader.of(schema);
            SpecificData model = SpecificData.getForSchema(schema);
            // The generated coders write the same bytes as the walk (a test holds them to Avro's own encoder);
            // Avro leaves them off by default.
            model.setCustomCoders(true);
            this.datumWriter = new SpecificDatumWriter<>(schema, model);
        }
    }

    /** A thread's reusable buffer and encoder. */
    private static final class Output extends ByteArrayOutputStream {

        BinaryEncoder encoder;

        Output() {
            super(1024);
        }
    }
}
