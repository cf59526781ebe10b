package dev.touchflow.sequencer.config;

import dev.touchflow.platform.kafka.ServiceTopics;
import dev.touchflow.schemas.topics.Topics;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SequencerTopics {

    @Bean
    ServiceTopics sequencerServiceTopics(@Value("${spring.application.name}") String group) {
        return new ServiceTopics(group, List.of(Topics.ENROLLMENT, Topics.REPLY_CLASSIFIED, Topics.CAMPAIGN_VERSIONS),
                List.of(Topics.STEP_DUE, Topics.SEQUENCER));
    }
}
