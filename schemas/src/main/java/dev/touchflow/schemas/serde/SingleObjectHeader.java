package dev.touchflow.schemas.serde;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.avro.Schema;

/** Avro's single-object header: the marker {@code C3 01} and the schema's fingerprint, little-endian. */
final class SingleObjectHeader {

    static final int LENGTH = 10;

    private SingleObjectHeader() {}

    static byte[] of(Schema schema) {
        return ByteBuffer.allocate(LENGTH)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 0xC3)
                .put((byte) 0x01)
                .putLong(AvroSingleObjectDeserializer.fingerprintOf(schema))
                .array();
    }

    static boolean isAt(byte[] data) {
        return data.length >= LENGTH && data[0] == (byte) 0xC3 && data[1] == (byte) 0x01;
    }

    static long fingerprintIn(byte[] data) {
        return ByteBuffer.wrap(data, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
