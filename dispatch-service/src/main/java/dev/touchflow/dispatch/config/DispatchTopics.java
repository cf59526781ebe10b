package dev.touchflow.dispatch.config;

import dev.touchflow.platform.kafka.ServiceTopics;
import dev.touchflow.schemas.topics.TopicOwners;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DispatchTopics {

    @Bean
    ServiceTopics dispatchServiceTopics(@Value("${spring.application.name}") String group) {
        return new ServiceTopics(group, TopicOwners.DISPATCH.consumes(), TopicOwners.DISPATCH.produces());
    }
}
