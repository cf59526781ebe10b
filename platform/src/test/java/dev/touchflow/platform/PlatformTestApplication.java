package dev.touchflow.platform;

import dev.touchflow.platform.kafka.ServiceTopics;
import dev.touchflow.schemas.topics.Topics;
import java.util.List;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A service with nothing but the platform, for testing the kit itself. */
@SpringBootApplication
class PlatformTestApplication {

    @Bean
    ServiceTopics platformTestTopics() {
        return new ServiceTopics("platform-test", List.of(), List.of(Topics.SEQUENCE_EXHAUSTED));
    }
}
