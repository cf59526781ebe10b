package dev.touchflow.platform.config;

import dev.touchflow.platform.audit.AuditController;
import dev.touchflow.platform.audit.AuditTrail;
import dev.touchflow.platform.docs.ApiDocuments;
import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.inbox.Inbox;
import dev.touchflow.platform.inbox.InboxConsumer;
import dev.touchflow.platform.kafka.EventCodec;
import dev.touchflow.platform.kafka.KafkaFailurePolicy;
import dev.touchflow.platform.kafka.ServiceTopics;
import dev.touchflow.platform.outbox.OutboxBacklog;
import dev.touchflow.platform.outbox.OutboxQuarantineController;
import dev.touchflow.platform.outbox.OutboxRelay;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.platform.properties.PlatformProperties;
import dev.touchflow.platform.security.ServiceSecurity;
import dev.touchflow.platform.tracing.Traces;
import dev.touchflow.platform.web.ProblemDetailsAdvice;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import tools.jackson.databind.json.JsonMapper;

/** The shared kit every service gets by depending on {@code platform}. */
@AutoConfiguration
@EnableConfigurationProperties(PlatformProperties.class)
@EnableTransactionManagement
@EnableScheduling
@Import({
    EventCodec.class,
    EventMetadata.class,
    OutboxWriter.class,
    OutboxRelay.class,
    OutboxBacklog.class,
    Inbox.class,
    InboxConsumer.class,
    KafkaFailurePolicy.class,
    ServiceTopics.Declarations.class,
    ProblemDetailsAdvice.class,
    ApiDocuments.class,
    ServiceSecurity.class,
    Traces.class
})
public class PlatformAutoConfiguration {

    /** The platform's own operator endpoints, wherever a reactive web server serves them. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @Import({AuditController.class, OutboxQuarantineController.class})
    static class OperatorEndpoints {}

    /**
     * Rows come back from PostgreSQL in binary: timestamps, uuids and bytea are read as they are
     * stored instead of being printed to text and parsed again (bytea as hex, twice its size). Every
     * session starts with the platform's idle-in-transaction, statement and transaction timeouts.
     */
    @Bean
    ConnectionFactoryOptionsBuilderCustomizer postgresSessions(PlatformProperties properties) {
        Map<String, String> session = new LinkedHashMap<>();
        session.put(
                "idle_in_transaction_session_timeout",
                String.valueOf(properties.idleInTransactionTimeout().toMillis()));
        session.put(
                "statement_timeout",
                String.valueOf(properties.statementTimeout().toMillis()));
        if (!properties.transactionTimeout().isZero()) {
            session.put(
                    "transaction_timeout",
                    String.valueOf(properties.transactionTimeout().toMillis()));
        }
        return options -> options.option(PostgresqlConnectionFactoryProvider.FORCE_BINARY, true)
                .option(PostgresqlConnectionFactoryProvider.OPTIONS, Map.copyOf(session));
    }

    @Bean
    AuditTrail auditTrail(DatabaseClient db, JsonMapper json, Clock clock) {
        return new AuditTrail(db, json, clock);
    }

    /**
     * Every circuit breaker of the service (SMTP, the LLM, each IMAP mailbox), so that each is measured:
     * {@code resilience4j.circuitbreaker.state}, {@code .calls}, {@code .failure.rate}, by {@code name}.
     */
    @Bean
    @ConditionalOnMissingBean
    CircuitBreakerRegistry circuitBreakers() {
        return CircuitBreakerRegistry.ofDefaults();
    }

    @Bean
    TaggedCircuitBreakerMetrics circuitBreakerMetrics(CircuitBreakerRegistry breakers) {
        return TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers);
    }

    /** Time comes from here, never from {@code now()} inline, so tests and demos can move it. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
