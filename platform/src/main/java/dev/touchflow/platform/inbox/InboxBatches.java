package dev.touchflow.platform.inbox;

import dev.touchflow.platform.fault.Failures;
import dev.touchflow.platform.kafka.InvalidRecords;
import dev.touchflow.platform.properties.PlatformProperties;
import dev.touchflow.platform.tracing.Traces;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A batch listener's records applied in transactions of many events: one inbox claim for them all,
 * their effects in order (each in a span continuing its record's trace), one commit. When such a
 * transaction fails, its events are applied again one per transaction ({@link InboxConsumer#once}),
 * to find the one at fault. A record at fault for a reason of its own (it cannot be decoded, it is
 * invalid, its effect throws) is dead-lettered on the spot ({@link InvalidRecords}) and the batch goes
 * on. A dependency's failure (the database down) is the error handler's: it is told which record
 * failed ({@link BatchListenerFailedException}), the offsets before it are committed, and it is held
 * and tried again with backoff by the same policy as a record listener's ({@code KafkaFailurePolicy}),
 * the records after it delivered again.
 */
final class InboxBatches {

    private static final Logger log = LoggerFactory.getLogger(InboxBatches.class);

    private final InboxConsumer single;
    private final InvalidRecords invalidRecords;
    private final Inbox inbox;
    private final TransactionalOperator transactions;
    private final PlatformProperties.Consumer settings;
    private final Traces traces;

    InboxBatches(
            InboxConsumer single,
            InvalidRecords invalidRecords,
            Inbox inbox,
            TransactionalOperator transactions,
            PlatformProperties.Consumer settings,
            Traces traces) {
        this.single = single;
        this.invalidRecords = invalidRecords;
        this.inbox = inbox;
        this.transactions = transactions;
        this.settings = settings;
        this.traces = traces;
    }

    <T> void consumeAll(
            String listener,
            List<ConsumerRecord<String, byte[]>> records,
            ConsumedEvent.Reader<T> reader,
            Predicate<? super T> concerns,
            Function<T, Mono<?>> effect) {
        List<ConsumedEvent<T>> batch = new ArrayList<>();
        for (int index = 0; index < records.size(); index++) {
            ConsumerRecord<String, byte[]> record = records.get(index);
            ConsumedEvent<T> consumed;
            try {
                consumed = reader.read(index, record);
            } catch (RuntimeException invalid) {
                // the events before it first: if one of them waits for a dependency, the error handler's
                // retry starts there, and this record must not have been dead-lettered already
                applyAll(listener, batch, effect);
                batch.clear();
                if (Failures.ofDependency(invalid)) {
                    throw failedAt(index, invalid);
                }
                invalidRecords.deadLetter(record, invalid);
                continue;
            }
            if (concerns.test(consumed.event())) {
                batch.add(consumed);
            }
            if (batch.size() == settings.batchSize()) {
                applyAll(listener, batch, effect);
                batch.clear();
            }
        }
        applyAll(listener, batch, effect);
    }

    private <T> void applyAll(String listener, List<ConsumedEvent<T>> batch, Function<T, Mono<?>> effect) {
        if (batch.size() <= 1) {
            // no claim of many to save: the one event, if any, in a transaction of its own
            batch.forEach(consumed -> applyOne(listener, consumed, effect));
            return;
        }
        List<String> eventIds = batch.stream().map(ConsumedEvent::eventId).toList();
        try {
            transactions
                    .transactional(inbox.claimAll(listener, eventIds)
                            .flatMap(first -> Flux.fromIterable(batch)
                                    .filter(consumed -> first.remove(consumed.eventId()))
                                    .concatMap(consumed -> traces.consuming(
                                            consumed.record().headers(),
                                            consumed.record().topic(),
                                            listener,
                                            consumed.eventId(),
                                            () -> effect.apply(consumed.event()).then()))
                                    .then()))
                    .block(settings.effectTimeout());
        } catch (RuntimeException failed) {
            // with a dependency down, the first event fails again on its own and is held as ever
            log.debug(
                    "{} events on {} applied one at a time after: {}",
                    batch.size(),
                    listener,
                    Failures.rootMessage(failed));
            batch.forEach(consumed -> applyOne(listener, consumed, effect));
        }
    }

    private <T> void applyOne(String listener, ConsumedEvent<T> consumed, Function<T, Mono<?>> effect) {
        try {
            single.once(
                    listener,
                    consumed.record(),
                    consumed.eventId(),
                    consumed.correlationId(),
                    () -> effect.apply(consumed.event()));
        } catch (RuntimeException failed) {
            if (Failures.ofDependency(failed)) {
                throw failedAt(consumed.index(), failed);
            }
            invalidRecords.deadLetter(consumed.record(), failed);
        }
    }

    private static BatchListenerFailedException failedAt(int index, RuntimeException failure) {
        return new BatchListenerFailedException(Failures.rootMessage(failure), failure, index);
    }
}
