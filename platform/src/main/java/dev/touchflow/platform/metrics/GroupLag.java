package dev.touchflow.platform.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * {@code touchflow.consumer.lag{topic}}: how many records of each topic the service's consumer group has not
 * yet committed past, from the broker's committed offsets and log ends, counted every
 * {@code touchflow.platform.consumer.lag-every} (15 s). Unlike
 * the Kafka client's own lag metric, it is there while the group's consumers are stopped or stuck, which is
 * when it matters; a partition the group never committed on counts from its start. A failed count keeps the last.
 */
public final class GroupLag implements MeterBinder, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(GroupLag.class);

    private final Map<String, Object> adminConfig;
    private final String group;
    private final List<String> topics;
    private final Duration every;
    private final AtomicReference<Map<String, Long>> last = new AtomicReference<>(Map.of());
    private Disposable counting;
    private Admin admin;

    public GroupLag(Map<String, Object> adminConfig, String group, List<String> topics, Duration every) {
        this.adminConfig = Map.copyOf(adminConfig);
        this.group = group;
        this.topics = List.copyOf(topics);
        this.every = every;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String topic : topics) {
            Gauge.builder("touchflow.consumer.lag", last, lags -> lags.get().getOrDefault(topic, 0L))
                    .description("Records of the topic the service's consumer group has not committed past")
                    .baseUnit("records")
                    .tag("topic", topic)
                    .tag("group", group)
                    .register(registry);
        }
        counting = Flux.interval(Duration.ZERO, every, Schedulers.boundedElastic())
                .onBackpressureDrop()
                .subscribe(tick -> count());
    }

    /** Counts the lag of every topic now. */
    synchronized void count() {
        try {
            if (admin == null) {
                admin = Admin.create(adminConfig);
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            List<TopicPartition> partitions =
                    admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
                            .flatMap(topic -> topic.partitions().stream()
                                    .map(partition -> new TopicPartition(topic.name(), partition.partition())))
                            .toList();
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                            partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = admin.listOffsets(
                            partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.earliest())))
                    .all()
                    .get(10, TimeUnit.SECONDS);
            Map<String, Long> lags = new HashMap<>();
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata at = committed.get(partition);
                long from = at == null ? starts.get(partition).offset() : at.offset();
                lags.merge(partition.topic(), Math.max(0, ends.get(partition).offset() - from), Long::sum);
            }
            last.set(Map.copyOf(lags));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.debug("could not count {}'s lag: {}", group, e.toString());
        }
    }

    @Override
    public synchronized void destroy() {
        if (counting != null) {
            counting.dispose();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
