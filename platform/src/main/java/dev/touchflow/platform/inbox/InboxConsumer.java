package dev.touchflow.platform.inbox;

import dev.touchflow.platform.kafka.EventCodec;
import dev.touchflow.platform.kafka.InvalidRecords;
import dev.touchflow.platform.properties.PlatformProperties;
import dev.touchflow.platform.tracing.Traces;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Processes one consumed event at most once: decode, claim its id in the inbox and apply the
 * effect in one transaction. A seen id is skipped. The listener's thread waits for the
 * transaction to commit before the next record of the partition: Kafka container threads are
 * dedicated to that and may block, and it keeps every contact's events in order and the
 * committed offset behind the committed effect.
 */
@Component
public class InboxConsumer {

    private static final Logger log = LoggerFactory.getLogger(InboxConsumer.class);

    private final EventCodec codec;
    private final Inbox inbox;
    private final TransactionalOperator transactions;
    private final PlatformProperties.Consumer settings;
    private final Traces traces;
    private final InboxBatches batches;

    public InboxConsumer(
            EventCodec codec,
            Inbox inbox,
            TransactionalOperator transactions,
            PlatformProperties properties,
            Traces traces,
            InvalidRecords invalidRecords) {
        this.codec = codec;
        this.inbox = inbox;
        this.transactions = transactions;
        this.settings = properties.consumer();
        this.traces = traces;
        this.batches = new InboxBatches(this, invalidRecords, inbox, transactions, settings, traces);
    }

    /**
     * Decodes a poll's records and applies {@code effect} once per event id for this listener, in
     * transactions of up to {@code touchflow.platform.consumer.batch-size} events ({@link InboxBatches}).
     * An event {@code concerns} rejects passes without an inbox claim, since there is nothing to apply and
     * so nothing to remember (a replay of it does nothing either); it is still decoded and validated
     * first, so an invalid record is dead-lettered as ever.
     */
    public <T extends SpecificRecord> void consumeAll(
            String listener,
            List<ConsumerRecord<String, byte[]>> records,
            Class<T> type,
            Predicate<? super T> concerns,
            Function<T, Mono<?>> effect) {
        batches.consumeAll(listener, records, avro(type), concerns, effect);
    }

    /** As {@link #consumeAll(String, List, Class, Predicate, Function)}, for a listener acting on every event. */
    public <T extends SpecificRecord> void consumeAll(
            String listener, List<ConsumerRecord<String, byte[]>> records, Class<T> type, Function<T, Mono<?>> effect) {
        batches.consumeAll(listener, records, avro(type), event -> true, effect);
    }

    /**
     * As {@link #consumeAll(String, List, Class, Function)}, for records an outside system writes in
     * its own format (JSON ingress): {@code read} turns a record's value into an event or throws an
     * {@code InvalidEventException} saying why, and {@code eventId} names the event, which is its
     * correlation id too.
     */
    public <T> void receiveAll(
            String listener,
            List<ConsumerRecord<String, byte[]>> records,
            Function<byte[], T> read,
            Function<T, String> eventId,
            Function<T, Mono<?>> effect) {
        batches.consumeAll(
                listener,
                records,
                (index, record) -> {
                    T event = read.apply(record.value());
                    return ConsumedEvent.identified(index, record, eventId.apply(event), event);
                },
                event -> true,
                effect);
    }

    private <T extends SpecificRecord> ConsumedEvent.Reader<T> avro(Class<T> type) {
        return (index, record) -> ConsumedEvent.of(index, record, codec.decode(record, type));
    }

    /**
     * Applies {@code effect} once per {@code (consumer, eventId)}, the consumer a listener's id, in a
     * span that continues the record's trace; true when it ran now. What the listener's thread logs
     * meanwhile carries the event id and the correlation id (MDC {@code event_id}, {@code correlation_id}),
     * and while the effect runs, the trace and span ids too.
     */
    boolean once(
            String consumer,
            ConsumerRecord<?, ?> record,
            String eventId,
            String correlationId,
            Supplier<Mono<?>> effect) {
        try (MDC.MDCCloseable event = MDC.putCloseable("event_id", eventId);
                MDC.MDCCloseable correlation = MDC.putCloseable("correlation_id", correlationId)) {
            Boolean applied = traces.consumed(
                    record.headers(),
                    record.topic(),
                    consumer,
                    eventId,
                    settings.effectTimeout(),
                    () -> transactions.transactional(inbox.claim(consumer, eventId)
                            .flatMap(first -> first ? effect.get().then(Mono.just(true)) : Mono.just(false))));
            if (!Boolean.TRUE.equals(applied)) {
                log.debug("skipped {} on {}: already processed", eventId, consumer);
            }
            return Boolean.TRUE.equals(applied);
        }
    }
}
