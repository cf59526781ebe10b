package dev.touchflow.platform.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Where a record of a dead-letter topic came from and why, as the recoverer ({@link DeadLetters}) wrote it in
 * spring-kafka's {@code kafka_dlt-*} headers; without them, the topic and group are read from the dead-letter
 * topic's name ({@code <topic>.<group>.dlt}). Read defensively: a dead letter is whatever could not be read the
 * first time, and the tools that show it must not fail on it.
 *
 * @param partition the original partition, when the header holds one
 * @param offset    the original offset, when the header holds one
 * @param exception the cause's class, else the exception's, when given
 */
public record DeadLetterOrigin(
        String topic, Integer partition, Long offset, String group, String reason, String exception) {

    private static final String SUFFIX = ".dlt";

    public static DeadLetterOrigin of(ConsumerRecord<?, ?> record) {
        String base = record.topic().endsWith(SUFFIX)
                ? record.topic().substring(0, record.topic().length() - SUFFIX.length())
                : record.topic();
        int dot = base.lastIndexOf('.');
        String topic = text(record, KafkaHeaders.DLT_ORIGINAL_TOPIC);
        String group = text(record, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP);
        String reason = text(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE);
        String cause = text(record, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN);
        Long partition = number(record, KafkaHeaders.DLT_ORIGINAL_PARTITION, Integer.BYTES);
        return new DeadLetterOrigin(
                topic != null ? topic : dot > 0 ? base.substring(0, dot) : base,
                partition == null ? null : partition.intValue(),
                number(record, KafkaHeaders.DLT_ORIGINAL_OFFSET, Long.BYTES),
                group != null ? group : base.substring(dot + 1),
                reason == null || reason.isBlank() ? "no reason given" : reason,
                cause != null ? cause : text(record, KafkaHeaders.DLT_EXCEPTION_FQCN));
    }

    /** {@code topic-partition@offset}, or the topic alone when the headers do not say. */
    public String place() {
        return partition == null || offset == null ? topic : topic + "-" + partition + "@" + offset;
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
