package dev.touchflow.enrollment.config;

import dev.touchflow.platform.kafka.ServiceTopics;
import dev.touchflow.schemas.topics.TopicOwners;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class EnrollmentTopics {

    @Bean
    ServiceTopics enrollmentServiceTopics(@Value("${spring.application.name}") String group) {
        return new ServiceTopics(group, TopicOwners.ENROLLMENT.consumes(), TopicOwners.ENROLLMENT.produces());
    }
}
