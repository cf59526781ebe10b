package dev.touchflow.platform.kafka;

import dev.touchflow.platform.config.PlatformProperties;
import dev.touchflow.platform.fault.Failures;
import dev.touchflow.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.kafka.support.KafkaUtils;

/**
 * What happens to a record a listener cannot process: a few retries with backoff for what may
 * pass (a database hiccup), none for what never will (an invalid event), then the dead-letter
 * topic {@code <topic>.<group>.dlt}, whose headers carry the exception class and message and the
 * original topic, partition and offset; the consumer goes on with the next record. Each failed
 * attempt is logged (WARN) with its root cause, and each dead-lettered record (ERROR).
 */
@Configuration(proxyBeanMethods = false)
public class KafkaFailurePolicy {

    private static final Logger log = LoggerFactory.getLogger(KafkaFailurePolicy.class);

    @Bean
    DefaultErrorHandler touchflowErrorHandler(KafkaOperations<Object, Object> template, PlatformProperties properties,
                                              @Value("${spring.application.name}") String service) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template, (record, exception) ->
                new TopicPartition(Topics.deadLetter(record.topic(), groupOr(service)), -1));
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(properties.consumer().retries());
        backOff.setInitialInterval(200);
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(2_000);
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(InvalidEventException.class, SerializationException.class);
        handler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception exception, int attempt) {
                log.warn("{}-{}@{} failed (attempt {}): {}", record.topic(), record.partition(), record.offset(), attempt,
                        Failures.rootMessage(exception));
            }

            @Override
            public void recovered(ConsumerRecord<?, ?> record, Exception exception) {
                log.error("{}-{}@{} sent to the dead-letter topic: {}", record.topic(), record.partition(), record.offset(),
                        Failures.rootMessage(exception));
            }
        });
        return handler;
    }

    private static String groupOr(String service) {
        String group = KafkaUtils.getConsumerGroupId();
        return group == null ? service : group;
    }
}
