package dev.touchflow.platform.kafka;

import dev.touchflow.platform.fault.Failures;
import dev.touchflow.platform.metrics.GroupLag;
import dev.touchflow.platform.properties.PlatformProperties;
import dev.touchflow.schemas.topics.TopicOwners;
import dev.touchflow.schemas.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * What happens to a record a listener cannot process, by whose fault it is ({@link Failures}). A
 * dependency's (the database or the broker unavailable, a timeout): the record is tried again with
 * backoff up to {@code touchflow.platform.consumer.max-backoff} and without limit, its partition held
 * so order is kept, each try logged at WARN with the cause and readiness out of service meanwhile
 * ({@link ConsumerWaits}), until the dependency is back; a valid
 * record is never dead-lettered because something else was down. The record's own (undecodable,
 * invalid, an unknown client, or anything else handling it throws): at once to the dead-letter topic
 * {@code <topic>.<group>.dlt}, whose headers carry the exception and the original topic, partition
 * and offset, logged at ERROR; the consumer goes on with the next record. The records after a
 * failed one stay in memory rather than being fetched again, and the dead letter is published without
 * waiting for it before the next record ({@link DeadLetters}: the commit waits instead), so an invalid
 * record costs about what a valid one does. A batch listener dead-letters a record at fault for its
 * own reason itself ({@link InvalidRecords}) and hands only a dependency's failure to the error handler,
 * whose container then holds the records after it back for one poll of its paused partitions (100 ms
 * by default, {@link #PAUSED_POLL} here) before delivering them again.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaFailurePolicy {

    private static final Logger log = LoggerFactory.getLogger(KafkaFailurePolicy.class);

    /** How long a paused consumer's poll waits; it only pauses to hand a batch's records after a failure back. */
    static final Duration PAUSED_POLL = Duration.ofMillis(1);

    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> touchflowPausedPoll() {
        return container -> container.getContainerProperties().setPollTimeoutWhilePaused(PAUSED_POLL);
    }

    @Bean
    DeadLetters touchflowDeadLetters(KafkaOperations<Object, Object> template, PlatformProperties properties) {
        return new DeadLetters(template, properties.consumer().maxBackoff());
    }

    @Bean
    DefaultKafkaConsumerFactoryCustomizer touchflowCommitAfterDeadLetters(DeadLetters deadLetters) {
        return deadLetters::awaitBeforeCommits;
    }

    /** Readiness's {@code kafka} component. */
    @Bean
    BrokerHealth kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
        return new BrokerHealth(kafkaAdmin);
    }

    /** Readiness's {@code consumers} component, and the consumer wait and dead-letter metrics. */
    @Bean
    ConsumerWaits consumers(PlatformProperties properties, @Value("${spring.application.name}") String service) {
        return new ConsumerWaits(properties.consumer().maxBackoff(), Clock.systemUTC(), consumedBy(service));
    }

    /** {@code touchflow.consumer.lag}: the service's group's lag per topic, there while its consumers are stopped. */
    @Bean
    GroupLag touchflowGroupLag(
            KafkaAdmin kafkaAdmin,
            @Value("${spring.kafka.consumer.group-id:${spring.application.name}}") String group,
            @Value("${spring.application.name}") String service,
            @Value("${touchflow.platform.consumer.lag-every:15s}") Duration every) {
        return new GroupLag(kafkaAdmin.getConfigurationProperties(), group, consumedBy(service), every);
    }

    private static List<String> consumedBy(String service) {
        return TopicOwners.all().stream()
                .filter(owner -> owner.service().equals(service))
                .flatMap(owner -> owner.consumes().stream())
                .toList();
    }

    @Bean
    RecordInterceptor<Object, Object> touchflowConsumerProgress(ConsumerWaits waits) {
        return waits.interceptor();
    }

    @Bean
    BatchInterceptor<Object, Object> touchflowBatchProgress(ConsumerWaits waits) {
        return waits.batchInterceptor();
    }

    @Bean
    DeadLetterPublishingRecoverer touchflowDeadLetterRecoverer(
            DeadLetters deadLetters, @Value("${spring.application.name}") String service) {
        return deadLetters.recoverer(
                (record, exception) -> new TopicPartition(Topics.deadLetter(record.topic(), groupOr(service)), -1));
    }

    @Bean
    InvalidRecords touchflowInvalidRecords(DeadLetterPublishingRecoverer recoverer, ConsumerWaits waits) {
        return new InvalidRecords(recoverer, waits);
    }

    @Bean
    DefaultErrorHandler touchflowErrorHandler(
            DeadLetterPublishingRecoverer recoverer, ConsumerWaits waits, PlatformProperties properties) {
        BackOff never = new FixedBackOff(0, 0);
        ExponentialBackOff untilBack = new ExponentialBackOff(200, 2.0);
        untilBack.setMaxInterval(properties.consumer().maxBackoff().toMillis());
        // The default back-off must retry: with one that never does, the tracker skips the function below
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, untilBack);
        handler.setBackOffFunction((record, exception) -> Failures.ofDependency(exception) ? untilBack : never);
        handler.setSeekAfterError(false);
        handler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception exception, int attempt) {
                if (Failures.ofDependency(exception)) {
                    waits.failed(record, exception);
                    log.warn(
                            "{}-{}@{} waits for a dependency (attempt {}): {}",
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            attempt,
                            Failures.rootMessage(exception));
                }
            }

            @Override
            public void recovered(ConsumerRecord<?, ?> record, Exception exception) {
                waits.settled(record);
                InvalidRecords.deadLettered(log, waits, record, exception);
            }
        });
        return handler;
    }

    private static String groupOr(String service) {
        String group = KafkaUtils.getConsumerGroupId();
        return group == null ? service : group;
    }
}
