package dev.touchflow.platform.r2dbc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.r2dbc.postgresql.client.EncodedParameter;
import io.r2dbc.postgresql.codec.Codec;
import io.r2dbc.postgresql.codec.CodecMetadata;
import io.r2dbc.postgresql.codec.PostgresqlObjectId;
import io.r2dbc.postgresql.message.Format;
import java.util.List;
import java.util.function.BiConsumer;
import reactor.core.publisher.Mono;

/**
 * Encodes one Java type as one PostgreSQL type in binary; never decodes. Its metadata names the
 * type it encodes, without formats to decode: the driver's codec cache is filled from codecs'
 * metadata in registration order, and one without metadata would lose to the built-in codec.
 */
class BinaryEncoder<T> implements Codec<T>, CodecMetadata {

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
