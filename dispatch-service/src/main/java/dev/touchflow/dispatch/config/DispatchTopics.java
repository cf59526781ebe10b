package dev.touchflow.dispatch.config;

import dev.touchflow.platform.kafka.ServiceTopics;
import dev.touchflow.schemas.topics.Topics;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DispatchTopics {

    @Bean
    ServiceTopics dispatchServiceTopics(@Value("${spring.application.name}") String group) {
        return new ServiceTopics(group, List.of(Topics.APPROVED, Topics.ENROLLMENT, Topics.REPLY_CLASSIFIED),
                List.of(Topics.SENT, Topics.ENGAGEMENT));
    }
}
