package dev.touchflow.platform.kafka;

import dev.touchflow.platform.fault.InvalidEventException;
import dev.touchflow.platform.properties.PlatformProperties;
import java.lang.reflect.InvocationTargetException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Turns events into bytes and back with the Kafka {@link Serializer} and {@link Deserializer}
 * named in configuration, so a deployment can swap the wire format without code changes.
 */
@Component
public class EventCodec implements DisposableBean {

    private final Serializer<SpecificRecord> serializer;
    private final Deserializer<SpecificRecord> deserializer;

    public EventCodec(PlatformProperties properties) {
        this.serializer = instantiate(properties.valueSerializer());
        this.deserializer = instantiate(properties.valueDeserializer());
        serializer.configure(properties.serdeConfig(), false);
        deserializer.configure(properties.serdeConfig(), false);
    }

    public byte[] encode(String topic, SpecificRecord event) {
        return serializer.serialize(topic, event);
    }

    /** Decodes a consumed record, or fails with an {@link InvalidEventException} naming why. */
    public <T extends SpecificRecord> T decode(ConsumerRecord<String, byte[]> record, Class<T> type) {
        return decode(record.topic(), record.value(), type);
    }

    /** Decodes bytes written for {@code topic}, such as an event kept as a snapshot. */
    public <T extends SpecificRecord> T decode(String topic, byte[] value, Class<T> type) {
        SpecificRecord decoded;
        try {
            decoded = deserializer.deserialize(topic, value);
        } catch (RuntimeException e) {
            throw new InvalidEventException("undecodable record: " + e.getMessage(), e);
        }
        if (!type.isInstance(decoded)) {
            throw new InvalidEventException("expected " + type.getSimpleName() + " on " + topic + " but got "
                    + (decoded == null ? "an empty value" : decoded.getSchema().getFullName()));
        }
        return type.cast(decoded);
    }

    @SuppressWarnings("unchecked")
    private static <T> T instantiate(String className) {
        try {
            return (T) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException
                | NoSuchMethodException
                | InstantiationException
                | IllegalAccessException
                | InvocationTargetException e) {
            throw new IllegalStateException("cannot instantiate configured serde " + className, e);
        }
    }

    @Override
    public void destroy() {
        serializer.close();
        deserializer.close();
    }
}
