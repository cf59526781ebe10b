package dev.touchflow.enrollment.config;

import dev.touchflow.platform.kafka.ServiceTopics;
import dev.touchflow.schemas.topics.Topics;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class EnrollmentTopics {

    @Bean
    ServiceTopics enrollmentServiceTopics(@Value("${spring.application.name}") String group) {
        return new ServiceTopics(group,
                List.of(Topics.MEETING_BOOKED, Topics.PIPELINE_STAGE_CHANGED, Topics.ENROLL, Topics.SEQUENCER, Topics.ENGAGEMENT, Topics.REPLY_CLASSIFIED,
                        Topics.ENROLLMENT),
                List.of(Topics.ENROLL, Topics.ENROLLMENT, Topics.CAMPAIGN_VERSIONS));
    }
}
