package dev.touchflow.console.deadletters;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.support.KafkaHeaders;

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

    private static final String SUFFIX = ".dlt";

    static DeadLetter of(ConsumerRecord<String, byte[]> record) {
        String topic = record.topic();
        String group = text(record, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP);
        String original = text(record, KafkaHeaders.DLT_ORIGINAL_TOPIC);
        String cause = text(record, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN);
        String reason = text(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE);
        Long partition = number(record, KafkaHeaders.DLT_ORIGINAL_PARTITION, Integer.BYTES);
        return new DeadLetter(
                topic,
                record.partition(),
                record.offset(),
                original != null ? original : topicOf(topic),
                partition == null ? null : partition.intValue(),
                number(record, KafkaHeaders.DLT_ORIGINAL_OFFSET, Long.BYTES),
                group != null ? group : groupOf(topic),
                clientOf(record.key()),
                record.key(),
                reason == null || reason.isBlank() ? "no reason given" : reason,
                cause != null ? cause : text(record, KafkaHeaders.DLT_EXCEPTION_FQCN),
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

    private static String topicOf(String deadLetterTopic) {
        String base = deadLetterTopic.endsWith(SUFFIX)
                ? deadLetterTopic.substring(0, deadLetterTopic.length() - SUFFIX.length())
                : deadLetterTopic;
        int group = base.lastIndexOf('.');
        return group > 0 ? base.substring(0, group) : base;
    }

    private static String groupOf(String deadLetterTopic) {
        String base = deadLetterTopic.endsWith(SUFFIX)
                ? deadLetterTopic.substring(0, deadLetterTopic.length() - SUFFIX.length())
                : deadLetterTopic;
        return base.substring(base.lastIndexOf('.') + 1);
    }

    private static String text(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Long number(ConsumerRecord<?, ?> record, String name, int size) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null || header.value().length != size) {
            return null;
        }
        ByteBuffer bytes = ByteBuffer.wrap(header.value());
        return size == Integer.BYTES ? bytes.getInt() : bytes.getLong();
    }
}
