package dev.touchflow.platform.r2dbc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.codec.Codec;
import io.r2dbc.postgresql.codec.CodecRegistry;
import io.r2dbc.postgresql.codec.PostgresqlObjectId;
import io.r2dbc.postgresql.extension.CodecRegistrar;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
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
}
