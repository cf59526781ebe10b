package dev.touchflow.platform.outbox;

import dev.touchflow.platform.kafka.EventHeaders;
import dev.touchflow.platform.outbox.OutboxTable.Row;
import dev.touchflow.platform.tracing.Traces;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Hands a batch of outbox rows to the idempotent producer ({@code acks=all}) as CloudEvents-headed
 * records and waits for every acknowledgement, telling the rows the broker refused for good from a
 * failure of the broker.
 */
final class BrokerHandOver {

    /** Retriable refusals of one row, while its batches were otherwise published, before it is quarantined. */
    private static final int QUARANTINE_AFTER = 5;

    private final KafkaTemplate<String, byte[]> kafka;
    private final String source;
    /** Rounds in a row each row failed while others of its batch were acknowledged. */
    private final Map<Long, Integer> failedRounds = new ConcurrentHashMap<>();

    BrokerHandOver(KafkaTemplate<String, byte[]> kafka, String source) {
        this.kafka = kafka;
        this.source = source;
    }

    /**
     * Sends the rows and waits for every acknowledgement. Returns the rows the broker refused for good,
     * with the reason: a non-retriable refusal (a record too large, an invalid topic), or a retriable
     * one that came {@code QUARANTINE_AFTER} rounds in a row while the rest of the row's batches were
     * acknowledged (a topic that is not there), so it is the row's, not the broker's. Any other failure
     * fails the round, which publishes the batch again (consumers deduplicate on the event id).
     */
    Mono<Map<Row, String>> send(List<Row> rows) {
        return Mono.fromCallable(() ->
                        rows.stream().map(row -> Map.entry(row, handOver(row))).toList())
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(sends -> Flux.fromIterable(sends)
                        .concatMap(sent -> Mono.fromFuture(sent.getValue())
                                .then(Mono.<Throwable>empty())
                                .onErrorResume(e -> Mono.just(brokerCause(e)))
                                .map(e -> Map.entry(sent.getKey(), e)))
                        .collectList())
                .flatMap(failures -> refusedForGood(rows, failures));
    }

    private Mono<Map<Row, String>> refusedForGood(List<Row> rows, List<Map.Entry<Row, Throwable>> failures) {
        Map<Row, String> refused = new LinkedHashMap<>();
        Throwable transientFailure = null;
        boolean othersAcknowledged = failures.size() < rows.size();
        for (Map.Entry<Row, Throwable> failure : failures) {
            Throwable cause = failure.getValue();
            int rounds =
                    othersAcknowledged ? failedRounds.merge(failure.getKey().id(), 1, Integer::sum) : 0;
            if (!(cause instanceof RetriableException)) {
                refused.put(failure.getKey(), cause.toString());
            } else if (rounds >= QUARANTINE_AFTER) {
                refused.put(
                        failure.getKey(),
                        "failed " + rounds + " rounds in a row while the rest of its "
                                + "batches were published; last: " + cause);
            } else {
                transientFailure = cause;
            }
        }
        refused.keySet().forEach(row -> failedRounds.remove(row.id()));
        if (!failedRounds.isEmpty()) {
            rows.stream()
                    .filter(row -> failures.stream().noneMatch(f -> f.getKey().equals(row)))
                    .forEach(row -> failedRounds.remove(row.id()));
        }
        return transientFailure == null ? Mono.just(refused) : Mono.error(transientFailure);
    }

    /**
     * Hands the row to the producer, which batches it with the others; the acknowledgements are awaited
     * after every row of the batch has been handed over. Never called on the producer's own I/O thread
     * (where the acknowledgement of an earlier row completes): a record for a topic whose metadata the
     * producer has not fetched yet would wait there for the metadata that only that thread can fetch,
     * and fail after {@code max.block.ms}, every round.
     */
    private CompletableFuture<?> handOver(Row row) {
        try {
            return kafka.send(record(row));
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    /** The Kafka client's own exception inside Spring's wrappers, which says whether it may pass. */
    private static Throwable brokerCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof KafkaException) {
                return cause;
            }
        }
        return failure;
    }

    private ProducerRecord<String, byte[]> record(Row row) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.topic(), row.key(), row.payload());
        EventHeaders.write(record.headers(), EventHeaders.ID, row.eventId());
        EventHeaders.write(record.headers(), EventHeaders.TYPE, "dev.touchflow." + row.type());
        EventHeaders.write(record.headers(), EventHeaders.SOURCE, source);
        EventHeaders.write(record.headers(), EventHeaders.TIME, row.occurredAt().toString());
        EventHeaders.write(record.headers(), EventHeaders.SPEC_VERSION, "1.0");
        if (row.traceparent() != null) {
            EventHeaders.write(record.headers(), Traces.HEADER, row.traceparent());
        }
        return record;
    }
}
