package dev.touchflow.platform.config;

import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.inbox.Inbox;
import dev.touchflow.platform.inbox.InboxConsumer;
import dev.touchflow.platform.kafka.EventCodec;
import dev.touchflow.platform.kafka.KafkaFailurePolicy;
import dev.touchflow.platform.kafka.ServiceTopics;
import dev.touchflow.platform.outbox.OutboxRelay;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.platform.web.ProblemDetailsAdvice;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.annotation.EnableTransactionManagement;

/** The shared kit every service gets by depending on {@code platform}. */
@AutoConfiguration
@EnableConfigurationProperties(PlatformProperties.class)
@EnableTransactionManagement
@EnableScheduling
@Import({EventCodec.class, EventMetadata.class, OutboxWriter.class, OutboxRelay.class, Inbox.class, InboxConsumer.class,
        KafkaFailurePolicy.class, ServiceTopics.Declarations.class, ProblemDetailsAdvice.class})
public class PlatformAutoConfiguration {

    /** Time comes from here, never from {@code now()} inline, so tests and demos can move it. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
