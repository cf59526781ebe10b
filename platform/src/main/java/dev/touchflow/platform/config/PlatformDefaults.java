package dev.touchflow.platform.config;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Settings every service shares, at the lowest precedence so a service or a deployment can
 * override any of them: bytes on the wire (the codec owns the format), an idempotent producer
 * with {@code acks=all}, consumers that start from the beginning, snake_case JSON at REST.
 */
public class PlatformDefaults implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(
                        "touchflowPlatformDefaults",
                        Map.ofEntries(
                                Map.entry(
                                        "spring.kafka.producer.key-serializer",
                                        "org.apache.kafka.common.serialization.StringSerializer"),
                                Map.entry(
                                        "spring.kafka.producer.value-serializer",
                                        "org.apache.kafka.common.serialization.ByteArraySerializer"),
                                Map.entry("spring.kafka.producer.acks", "all"),
                                Map.entry("spring.kafka.producer.properties.enable.idempotence", "true"),
                                Map.entry(
                                        "spring.kafka.producer.properties.max.in.flight.requests.per.connection", "5"),
                                // The outbox relay hands the producer whole batches at once; lingering would only hold
                                // back their last records.
                                Map.entry("spring.kafka.producer.properties.linger.ms", "0"),
                                // A publish settles well within the first half of the outbox relay's lease (120 s), and
                                // a topic
                                // that is not there fails a send in 10 s instead of holding the relay for a minute
                                Map.entry("spring.kafka.producer.properties.delivery.timeout.ms", "45000"),
                                Map.entry("spring.kafka.producer.properties.request.timeout.ms", "15000"),
                                Map.entry("spring.kafka.producer.properties.max.block.ms", "10000"),
                                Map.entry(
                                        "spring.kafka.consumer.key-deserializer",
                                        "org.apache.kafka.common.serialization.StringDeserializer"),
                                Map.entry(
                                        "spring.kafka.consumer.value-deserializer",
                                        "org.apache.kafka.common.serialization.ByteArrayDeserializer"),
                                Map.entry("spring.kafka.consumer.auto-offset-reset", "earliest"),
                                Map.entry("spring.kafka.consumer.enable-auto-commit", "false"),
                                Map.entry("spring.kafka.consumer.group-id", "${spring.application.name}"),
                                // Every service is a WebFlux application, also when a servlet stack shares its class
                                // path (the local issuer's)
                                Map.entry("spring.main.web-application-type", "reactive"),
                                // /actuator/health/liveness and /readiness, open, statuses without details; a consumer
                                // holding a
                                // record for a dependency makes readiness OUT_OF_SERVICE (ConsumerWaits)
                                Map.entry("management.endpoints.web.exposure.include", "health"),
                                Map.entry("management.endpoint.health.probes.enabled", "true"),
                                Map.entry("management.endpoint.health.show-components", "always"),
                                Map.entry("management.endpoint.health.show-details", "never"),
                                Map.entry(
                                        "management.endpoint.health.group.readiness.include",
                                        "readinessState,consumers"),
                                Map.entry("spring.jackson.property-naming-strategy", "SNAKE_CASE"),
                                // the platform's migrations (db/platform, V0_x) sit below every service's own: a later
                                // one is applied too
                                Map.entry("spring.flyway.out-of-order", "true"),
                                Map.entry("spring.jackson.deserialization.fail-on-null-for-primitives", "false"))));
    }
}
