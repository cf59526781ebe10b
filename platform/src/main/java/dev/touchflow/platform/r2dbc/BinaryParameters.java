package dev.touchflow.platform.r2dbc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.client.EncodedParameter;
import io.r2dbc.postgresql.codec.Codec;
import io.r2dbc.postgresql.codec.CodecMetadata;
import io.r2dbc.postgresql.codec.CodecRegistry;
import io.r2dbc.postgresql.codec.PostgresqlObjectId;
import io.r2dbc.postgresql.extension.CodecRegistrar;
import io.r2dbc.postgresql.message.Format;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Sends the batch statements' parameters in PostgreSQL's binary format. The driver encodes every
 * array, and {@code bytea}, as text: the Java side formats each element (an instant through a date
 * formatter, a {@code bytea} as hex) and the server parses it back ({@code timestamptz_in},
 * {@code uuid_in}, {@code byteain}) for every value of every batch. Binary is a copy on both sides.
 * These codecs only encode, and are asked first; reading stays with the driver's own codecs. Loaded
 * by the driver's extension discovery ({@code META-INF/services}), in every service.
 */
public final class BinaryParameters implements CodecRegistrar {

    /** PostgreSQL's epoch, 2000-01-01T00:00:00Z, in seconds since Java's. */
    private static final long POSTGRES_EPOCH = 946_684_800L;
    /** The same epoch in days since Java's. */
    private static final long POSTGRES_EPOCH_DAY = 10_957L;

    @Override
    public Publisher<Void> register(
            PostgresqlConnection connection, ByteBufAllocator allocator, CodecRegistry registry) {
        for (Codec<?> codec : codecs(allocator)) {
            registry.addFirst(codec);
        }
        return Mono.empty();
    }

    static List<Codec<?>> codecs(ByteBufAllocator allocator) {
        return List.of(
                new BinaryEncoder<>(byte[].class, PostgresqlObjectId.BYTEA, allocator, ByteBuf::writeBytes),
                new ArrayEncoder<>(
                        UUID[].class,
                        PostgresqlObjectId.UUID,
                        PostgresqlObjectId.UUID_ARRAY,
                        allocator,
                        (buffer, uuid) -> buffer.writeLong(uuid.getMostSignificantBits())
                                .writeLong(uuid.getLeastSignificantBits())),
                new ArrayEncoder<>(
                        Instant[].class,
                        PostgresqlObjectId.TIMESTAMPTZ,
                        PostgresqlObjectId.TIMESTAMPTZ_ARRAY,
                        allocator,
                        (buffer, instant) -> buffer.writeLong(micros(instant))),
                new ArrayEncoder<>(
                        LocalDate[].class,
                        PostgresqlObjectId.DATE,
                        PostgresqlObjectId.DATE_ARRAY,
                        allocator,
                        (buffer, date) -> buffer.writeInt(Math.toIntExact(date.toEpochDay() - POSTGRES_EPOCH_DAY))),
                new ArrayEncoder<>(
                        Integer[].class,
                        PostgresqlObjectId.INT4,
                        PostgresqlObjectId.INT4_ARRAY,
                        allocator,
                        ByteBuf::writeInt),
                new ArrayEncoder<>(
                        Long[].class,
                        PostgresqlObjectId.INT8,
                        PostgresqlObjectId.INT8_ARRAY,
                        allocator,
                        ByteBuf::writeLong),
                new ArrayEncoder<>(
                        Boolean[].class,
                        PostgresqlObjectId.BOOL,
                        PostgresqlObjectId.BOOL_ARRAY,
                        allocator,
                        (buffer, value) -> buffer.writeByte(value ? 1 : 0)),
                new ArrayEncoder<>(
                        String[].class,
                        PostgresqlObjectId.TEXT,
                        PostgresqlObjectId.TEXT_ARRAY,
                        allocator,
                        (buffer, text) -> buffer.writeCharSequence(text, StandardCharsets.UTF_8)));
    }

    /**
     * Microseconds since PostgreSQL's epoch, the fraction rounded half to even as the server's
     * text input rounds it, so a value means the same sent either way.
     */
    static long micros(Instant instant) {
        long micros = Math.multiplyExact(instant.getEpochSecond() - POSTGRES_EPOCH, 1_000_000L);
        return micros + (long) Math.rint(instant.getNano() / 1000.0);
    }

    /**
     * Encodes one Java type as one PostgreSQL type in binary; never decodes. Its metadata names the
     * type it encodes, without formats to decode: the driver's codec cache is filled from codecs'
     * metadata in registration order, and one without metadata would lose to the built-in codec.
     */
    private static class BinaryEncoder<T> implements Codec<T>, CodecMetadata {

        private final Class<T> type;
        private final PostgresqlObjectId dataType;
        private final ByteBufAllocator allocator;
        private final BiConsumer<ByteBuf, T> write;

        BinaryEncoder(
                Class<T> type, PostgresqlObjectId dataType, ByteBufAllocator allocator, BiConsumer<ByteBuf, T> write) {
            this.type = type;
            this.dataType = dataType;
            this.allocator = allocator;
            this.write = write;
        }

        @Override
        public Class<?> type() {
            return type;
        }

        @Override
        public Iterable<Format> getFormats() {
            return List.of();
        }

        @Override
        public Iterable<PostgresqlObjectId> getDataTypes() {
            return List.of(dataType);
        }

        @Override
        public boolean canDecode(int dataType, Format format, Class<?> type) {
            return false;
        }

        @Override
        public boolean canEncode(Object value) {
            return type.isInstance(value);
        }

        @Override
        public boolean canEncodeNull(Class<?> type) {
            return this.type.equals(type);
        }

        @Override
        public T decode(ByteBuf buffer, int dataType, Format format, Class<? extends T> type) {
            throw new UnsupportedOperationException("encodes only");
        }

        @Override
        public EncodedParameter encode(Object value) {
            T typed = type.cast(value);
            return new EncodedParameter(Format.FORMAT_BINARY, dataType.getObjectId(), Mono.fromSupplier(() -> {
                ByteBuf buffer = allocator.buffer();
                write.accept(buffer, typed);
                return buffer;
            }));
        }

        @Override
        public EncodedParameter encode(Object value, int dataType) {
            return encode(value);
        }

        @Override
        public EncodedParameter encodeNull() {
            return new EncodedParameter(Format.FORMAT_BINARY, dataType.getObjectId(), EncodedParameter.NULL_VALUE);
        }
    }

    /**
     * A one-dimensional array in {@code array_recv}'s layout: dimensions, a has-nulls flag, the
     * element type, the length and lower bound, then each element as its length and bytes (-1 for null).
     */
    private static final class ArrayEncoder<E> extends BinaryEncoder<E[]> {

        ArrayEncoder(
                Class<E[]> type,
                PostgresqlObjectId elementType,
                PostgresqlObjectId arrayType,
                ByteBufAllocator allocator,
                BiConsumer<ByteBuf, E> writeElement) {
            super(type, arrayType, allocator, (buffer, array) -> {
                boolean empty = array.length == 0;
                buffer.writeInt(empty ? 0 : 1);
                buffer.writeInt(hasNull(array) ? 1 : 0);
                buffer.writeInt(elementType.getObjectId());
                if (!empty) {
                    buffer.writeInt(array.length).writeInt(1);
                }
                for (E element : array) {
                    if (element == null) {
                        buffer.writeInt(-1);
                    } else {
                        int length = buffer.writerIndex();
                        buffer.writeInt(0);
                        writeElement.accept(buffer, element);
                        buffer.setInt(length, buffer.writerIndex() - length - 4);
                    }
                }
            });
        }

        private static boolean hasNull(Object[] array) {
            for (Object element : array) {
                if (element == null) {
                    return true;
                }
            }
            return false;
        }
    }
}
