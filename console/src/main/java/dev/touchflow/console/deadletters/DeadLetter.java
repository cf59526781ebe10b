package dev.touchflow.console.deadletters;

import dev.touchflow.platform.kafka.DeadLetterOrigin;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One record of a dead-letter topic, as the dead-letter screen shows it: where it came from (the headers
 * spring-kafka's recoverer wrote), why, whose (the client its key names, {@code client:contact}), and what
 * it said (text up to {@value #PREVIEW} characters; a binary record, such as Avro, by its size). Read
 * defensively: a dead letter is whatever could not be read the first time.
 */
public record DeadLetter(
        String topic,
        int partition,
        long offset,
        String originalTopic,
        Integer originalPartition,
        Long originalOffset,
        String consumerGroup,
        String clientId,
        String key,
        String reason,
        String exception,
        String preview,
        Instant deadAt) {

    static final int PREVIEW = 500;

    /** PostgreSQL's text holds no NUL: a dead letter's key or headers may, and are stored with U+FFFD instead. */
    public DeadLetter {
        originalTopic = storable(originalTopic);
        consumerGroup = storable(consumerGroup);
        clientId = storable(clientId);
        key = storable(key);
        reason = storable(reason);
        exception = storable(exception);
    }

    static String storable(String text) {
        return text == null ? null : text.replace('\u0000', '\uFFFD');
    }

    static DeadLetter of(ConsumerRecord<String, byte[]> record) {
        DeadLetterOrigin origin = DeadLetterOrigin.of(record);
        return new DeadLetter(
                record.topic(),
                record.partition(),
                record.offset(),
                origin.topic(),
                origin.partition(),
                origin.offset(),
                origin.group(),
                clientOf(record.key()),
                record.key(),
                origin.reason(),
                origin.exception(),
                preview(record.value()),
                Instant.ofEpochMilli(record.timestamp()));
    }

    /** The client a Touchflow key ({@code client:contact}) names; none for any other key. */
    static String clientOf(String key) {
        if (key == null) {
            return null;
        }
        int colon = key.indexOf(':');
        return colon > 0 ? key.substring(0, colon) : null;
    }

    static String preview(byte[] value) {
        if (value == null) {
            return "(no value)";
        }
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
            if (text.chars().anyMatch(c -> Character.isISOControl(c) && !Character.isWhitespace(c))) {
                return binary(value);
            }
            return text.length() > PREVIEW ? text.substring(0, PREVIEW) + "…" : text;
        } catch (CharacterCodingException notText) {
            return binary(value);
        }
    }

    private static String binary(byte[] value) {
        return "(binary, " + value.length + " bytes)";
    }
}
