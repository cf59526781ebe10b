package dev.touchflow.bench;

import dev.touchflow.schemas.sequencer.StepDue;
import dev.touchflow.schemas.serde.AvroSingleObjectDeserializer;
import dev.touchflow.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The sequencer benchmark's steady part: timers coming due at a steady rate, their enrollments taken in
 * ahead of the window, and each one's lateness (due time to the broker's append time of its StepDue).
 */
final class SteadyRun {

    static final String STEADY = "steady";
    /** -Dbench.timeline=true prints, per 100 ms of due times in the steady run, the late ones (over 50 ms). */
    private static final boolean TIMELINE = Boolean.getBoolean("bench.timeline");

    private static final List<long[]> timeline = Collections.synchronizedList(new ArrayList<>());

    private SteadyRun() {}

    /** The steady part's rate, deliveries and latenesses in ms, sorted. */
    record Steady(double rate, long delivered, long[] lateness) {

        /** The lateness at or below which a share {@code p} of the deliveries came; -1 when none came. */
        long percentile(double p) {
            return lateness.length == 0
                    ? -1
                    : lateness[(int) Math.max(0, Math.min(lateness.length - 1, Math.ceil(p * lateness.length) - 1))];
        }
    }

    /** Publishes enrollments due from a moment ahead; returns the milliseconds until that moment. */
    interface Enrollments {
        long publishAhead(int count, IntFunction<Duration> after) throws Exception;
    }

    static Steady run(String bootstrap, int rate, int seconds, Enrollments enrollments) throws Exception {
        int expected = Math.multiplyExact(rate, seconds);
        List<Long> lateness = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean done = new AtomicBoolean();
        Thread consumer = new Thread(() -> consume(bootstrap, expected, lateness, done), "bench-consumer");
        consumer.start();
        Thread.sleep(2000);
        long untilStart = enrollments.publishAhead(expected, i -> Duration.ofNanos(i * 1_000_000_000L / rate));
        Instant start = Instant.now().plusMillis(untilStart);
        long deadline = System.currentTimeMillis() + Math.max(0, untilStart) + seconds * 1000L + 120_000;
        while (lateness.size() < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        done.set(true);
        consumer.join(10_000);
        long[] sorted = lateness.stream().mapToLong(Long::longValue).sorted().toArray();
        if (TIMELINE) {
            printTimeline();
        }
        double span = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        return new Steady(sorted.length / Math.max(span, seconds), sorted.length, sorted);
    }

    private static void printTimeline() {
        TreeMap<Long, long[]> buckets = new TreeMap<>();
        synchronized (timeline) {
            for (long[] t : timeline) {
                long[] b = buckets.computeIfAbsent(t[0] / 100, k -> new long[3]);
                b[0]++;
                b[1] += t[1] - t[0] > 50 ? 1 : 0;
                b[2] = Math.max(b[2], t[1] - t[0]);
            }
        }
        buckets.forEach((bucket, b) -> {
            if (b[1] > 0) {
                System.err.printf(
                        "late %s: %d of %d over 50 ms, max %d ms%n",
                        Instant.ofEpochMilli(bucket * 100), b[1], b[0], b[2]);
            }
        });
    }

    private static void consume(String bootstrap, long expected, List<Long> lateness, AtomicBoolean done) {
        AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", bootstrap, "enable.auto.commit", false, "max.poll.records", 5000),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.STEP_DUE).stream()
                    .map(info -> new TopicPartition(Topics.STEP_DUE, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            while (!done.get() && lateness.size() < expected) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.key().contains(STEADY)) {
                        StepDue due = (StepDue) avro.deserialize(Topics.STEP_DUE, record.value());
                        lateness.add(record.timestamp() - due.getDueAt().toEpochMilli());
                        if (TIMELINE) {
                            timeline.add(new long[] {due.getDueAt().toEpochMilli(), record.timestamp()});
                        }
                    }
                }
            }
        }
    }
}
