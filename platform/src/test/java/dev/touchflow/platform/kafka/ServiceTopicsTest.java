package dev.touchflow.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.touchflow.platform.properties.PlatformProperties;
import dev.touchflow.schemas.topics.Topics;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** A service declares its topics and its dead-letter topics, unless the cluster's topics are made elsewhere. */
class ServiceTopicsTest {

    private final ApplicationContextRunner contexts =
            new ApplicationContextRunner().withUserConfiguration(Drafting.class, ServiceTopics.Declarations.class);

    @Test
    void aServiceDeclaresTheTopicsItReadsAndWritesByDefault() {
        contexts.run(context -> assertThat(context).hasSingleBean(KafkaAdmin.NewTopics.class));
    }

    @Test
    void whereTheClustersTopicsAreMadeElsewhereAServiceDeclaresNone() {
        contexts.withPropertyValues("touchflow.platform.create-topics=false")
                .run(context -> assertThat(context).doesNotHaveBean(KafkaAdmin.NewTopics.class));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PlatformProperties.class)
    static class Drafting {

        @Bean
        ServiceTopics drafting() {
            return new ServiceTopics(
                    "drafting-service", List.of(Topics.STEP_DUE), List.of(Topics.DRAFT_STAGED, Topics.APPROVED));
        }
    }
}
