package dev.touchflow.replies.config;

import dev.touchflow.platform.kafka.ServiceTopics;
import dev.touchflow.schemas.topics.TopicOwners;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ReplyTopics {

    @Bean
    ServiceTopics replyClassifierServiceTopics(@Value("${spring.application.name}") String group) {
        return new ServiceTopics(group, TopicOwners.REPLIES.consumes(), TopicOwners.REPLIES.produces());
    }
}
