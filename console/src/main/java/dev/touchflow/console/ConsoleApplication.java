package dev.touchflow.console;

import dev.touchflow.platform.inbox.Inbox;
import dev.touchflow.platform.inbox.InboxConsumer;
import dev.touchflow.platform.kafka.EventCodec;
import dev.touchflow.platform.kafka.KafkaFailurePolicy;
import dev.touchflow.platform.kafka.ServiceTopics;
import dev.touchflow.platform.properties.PlatformProperties;
import dev.touchflow.platform.tracing.Traces;
import dev.touchflow.schemas.topics.TopicOwners;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.reactive.ReactiveOAuth2ClientAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.reactive.ReactiveOAuth2ClientWebSecurityAutoConfiguration;
import org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebSessionIdResolverAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.annotation.EnableTransactionManagement;

/**
 * The web page where people approve, route and watch their sequences. Signs people in with the company's
 * OpenID provider (the local issuer on one machine) and calls the owning services' APIs with their token
 * for every command. What the pages count and list comes from its own read model, built from the topics
 * with the platform's inbox like every service's tables. Given only the auto-configuration and the parts of
 * the platform it needs (no outbox, no resource server), so the services' never reach it when the runner
 * starts it in the same JVM.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({
    PropertyPlaceholderAutoConfiguration.class,
    NettyReactiveWebServerAutoConfiguration.class,
    HttpHandlerAutoConfiguration.class,
    WebFluxAutoConfiguration.class,
    WebSessionIdResolverAutoConfiguration.class,
    ErrorWebFluxAutoConfiguration.class,
    CodecsAutoConfiguration.class,
    JacksonAutoConfiguration.class,
    ThymeleafAutoConfiguration.class,
    ReactiveOAuth2ClientAutoConfiguration.class,
    ReactiveOAuth2ClientWebSecurityAutoConfiguration.class,
    R2dbcAutoConfiguration.class,
    DataR2dbcAutoConfiguration.class,
    R2dbcTransactionManagerAutoConfiguration.class,
    TransactionAutoConfiguration.class,
    FlywayAutoConfiguration.class,
    KafkaAutoConfiguration.class
})
@Import({
    EventCodec.class,
    Inbox.class,
    InboxConsumer.class,
    KafkaFailurePolicy.class,
    ServiceTopics.Declarations.class,
    Traces.class
})
@ComponentScan
@EnableConfigurationProperties({ConsoleProperties.class, PlatformProperties.class})
@EnableTransactionManagement
@EnableScheduling
public class ConsoleApplication {

    public static final String CONFIG_NAME = "spring.config.name=console";

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The topics the read model is built from, created with their dead-letter topics at start. */
    @Bean
    ServiceTopics consoleTopics() {
        return new ServiceTopics(
                TopicOwners.CONSOLE.service(), TopicOwners.CONSOLE.consumes(), TopicOwners.CONSOLE.produces());
    }

    /** Every consumer group's dead-letter topics, which the dead-letter screen reads. */
    @Bean
    String[] consoleDeadLetterTopics() {
        return TopicOwners.CONSOLE.watches().toArray(String[]::new);
    }

    /** The dead-letter topics created if their services have not yet, so the screen reads them from the start. */
    @Bean
    KafkaAdmin.NewTopics consoleWatchedTopics(PlatformProperties properties) {
        return new KafkaAdmin.NewTopics(TopicOwners.CONSOLE.watches().stream()
                .map(name -> TopicBuilder.name(name)
                        .partitions(properties.partitions())
                        .replicas(properties.replicationFactor())
                        .build())
                .toArray(NewTopic[]::new));
    }

    public static void main(String[] args) {
        new SpringApplicationBuilder(ConsoleApplication.class)
                .properties(CONFIG_NAME)
                .run(args);
    }
}
