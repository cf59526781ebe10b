package dev.touchflow.platform.kafka;

import dev.touchflow.platform.fault.Failures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.support.KafkaUtils;

/**
 * The partitions whose consumer holds a record because a dependency is down ({@link Failures#ofDependency}):
 * the consumer backs off without bound and resumes by itself, and meanwhile says so. Readiness
 * ({@code /actuator/health/readiness}, the {@code consumers} component) is {@code OUT_OF_SERVICE} while
 * any partition waits, and the gauge {@code touchflow.consumer.waiting} counts them; the counter
 * {@code touchflow.consumer.dependency.failures} counts each failed try. A partition stops waiting when
 * its record is processed or dead-lettered, or when no try has been seen for three backoffs (the
 * partition went to another instance).
 */
public final class ConsumerWaits implements HealthIndicator, MeterBinder {

    private final Map<String, Wait> waiting = new ConcurrentHashMap<>();
    private final Duration forgetAfter;
    private final Clock clock;
    private final List<String> consumedTopics;
    private Counter failures;
    private MeterRegistry registry;

    /** {@code consumedTopics}: the topics whose dead-letter count starts at 0, before their first one. */
    public ConsumerWaits(Duration maxBackoff, Clock clock, List<String> consumedTopics) {
        this.forgetAfter = maxBackoff.multipliedBy(3);
        this.clock = clock;
        this.consumedTopics = List.copyOf(consumedTopics);
    }

    /** One failed try of a record, by a dependency's fault, on the consumer's thread. */
    void failed(ConsumerRecord<?, ?> record, Exception failure) {
        Instant now = clock.instant();
        waiting.compute(
                key(record),
                (key, wait) -> new Wait(
                        record.offset(),
                        wait == null || wait.offset() != record.offset() ? now : wait.since(),
                        now,
                        wait == null || wait.offset() != record.offset() ? 1 : wait.tries() + 1,
                        Failures.rootMessage(failure)));
        if (failures != null) {
            failures.increment();
        }
    }

    /** The record was processed, or set aside: its partition is not waiting any more. */
    void settled(ConsumerRecord<?, ?> record) {
        if (!waiting.isEmpty()) {
            waiting.remove(key(record));
        }
    }

    /** The partitions waiting now, by group and partition: since when, how many tries, the last cause. */
    public Map<String, Wait> waiting() {
        Instant stale = clock.instant().minus(forgetAfter);
        waiting.values().removeIf(wait -> wait.lastTry().isBefore(stale));
        return new TreeMap<>(waiting);
    }

    @Override
    public Health health() {
        Map<String, Wait> now = waiting();
        if (now.isEmpty()) {
            return Health.up().build();
        }
        Health.Builder health = Health.outOfService();
        now.forEach((partition, wait) -> health.withDetail(
                partition,
                Map.of(
                        "offset",
                        wait.offset(),
                        "since",
                        wait.since().toString(),
                        "tries",
                        wait.tries(),
                        "cause",
                        wait.cause())));
        return health.build();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(
                        "touchflow.consumer.waiting",
                        this,
                        waits -> waits.waiting().size())
                .description("Partitions whose consumer holds a record until a dependency is back")
                .baseUnit("partitions")
                .register(registry);
        failures = Counter.builder("touchflow.consumer.dependency.failures")
                .description("Tries of a record that failed because a dependency was down")
                .register(registry);
        // a series that is there from the start, at 0, so a rate over it means something before the first
        consumedTopics.forEach(topic -> deadLetters(registry, topic));
        this.registry = registry;
    }

    /** Counts a record sent to its dead-letter topic, by the topic it came from. */
    void deadLettered(ConsumerRecord<?, ?> record) {
        if (registry != null) {
            deadLetters(registry, record.topic()).increment();
        }
    }

    private static Counter deadLetters(MeterRegistry registry, String topic) {
        return Counter.builder("touchflow.dead.letters")
                .description("Records sent to a dead-letter topic, by the topic they came from")
                .tag("topic", topic)
                .register(registry);
    }

    /** Tells this of every record a listener processed, so a partition that waited is seen to go on. */
    public RecordInterceptor<Object, Object> interceptor() {
        return new RecordInterceptor<>() {
            @Override
            public ConsumerRecord<Object, Object> intercept(
                    ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
                return record;
            }

            @Override
            public void success(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
                settled(record);
            }
        };
    }

    /** As {@link #interceptor()}, for batch listeners: every record of a batch that succeeded goes on. */
    public BatchInterceptor<Object, Object> batchInterceptor() {
        return new BatchInterceptor<>() {
            @Override
            public ConsumerRecords<Object, Object> intercept(
                    ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
                return records;
            }

            @Override
            public void success(ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
                if (!waiting.isEmpty()) {
                    records.forEach(ConsumerWaits.this::settled);
                }
            }
        };
    }

    private static String key(ConsumerRecord<?, ?> record) {
        String group = KafkaUtils.getConsumerGroupId();
        return (group == null ? "" : group + "/") + record.topic() + "-" + record.partition();
    }

    /**
     * @param offset  the record held
     * @param since   the first failed try of that record
     * @param lastTry the latest
     * @param tries   failed tries so far
     * @param cause   the last one's innermost cause
     */
    public record Wait(long offset, Instant since, Instant lastTry, int tries, String cause) {}
}
