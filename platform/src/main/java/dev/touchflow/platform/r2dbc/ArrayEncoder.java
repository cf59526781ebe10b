package dev.touchflow.platform.r2dbc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.r2dbc.postgresql.codec.PostgresqlObjectId;
import java.util.function.BiConsumer;

/**
 * A one-dimensional array in {@code array_recv}'s layout: dimensions, a has-nulls flag, the
 * element type, the length and lower bound, then each element as its length and bytes (-1 for null).
 */
final class ArrayEncoder<E> extends BinaryEncoder<E[]> {

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
