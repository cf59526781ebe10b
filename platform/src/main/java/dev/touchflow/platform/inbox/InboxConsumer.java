package dev.touchflow.platform.inbox;

import dev.touchflow.platform.fault.InvalidEventException;
import dev.touchflow.platform.kafka.EventCodec;
import dev.touchflow.platform.kafka.EventHeaders;
import dev.touchflow.platform.properties.PlatformProperties;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    public InboxConsumer(
            EventCodec codec, Inbox inbox, TransactionalOperator transactions, PlatformProperties properties) {
        this.codec = codec;
        this.inbox = inbox;
        this.transactions = transactions;
        this.settings = properties.consumer();
    }

    /**
     * Decodes an Avro event and applies {@code effect} once per event id for this listener (its
     * {@code @KafkaListener} id): two listeners of one topic each apply it once.
     */
    public <T extends SpecificRecord> boolean consume(
            String listener, ConsumerRecord<String, byte[]> record, Class<T> type, Function<T, Mono<?>> effect) {
        T event = codec.decode(record, type);
        String eventId = EventHeaders.read(record.headers(), EventHeaders.ID)
                .orElseThrow(() -> new InvalidEventException("record has no " + EventHeaders.ID + " header"));
        return once(listener, eventId, () -> effect.apply(event));
    }

    /** Applies {@code effect} once per {@code (consumer, eventId)}, the consumer a listener's id; true when it ran now. */
    public boolean once(String consumer, String eventId, Supplier<Mono<?>> effect) {
        Boolean applied = transactions
                .transactional(inbox.claim(consumer, eventId)
                        .flatMap(first -> first ? effect.get().then(Mono.just(true)) : Mono.just(false)))
                .block(settings.effectTimeout());
        if (!Boolean.TRUE.equals(applied)) {
            log.debug("skipped {} on {}: already processed", eventId, consumer);
        }
        return Boolean.TRUE.equals(applied);
    }
}
