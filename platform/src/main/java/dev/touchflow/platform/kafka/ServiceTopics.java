package dev.touchflow.platform.kafka;

import dev.touchflow.platform.properties.PlatformProperties;
import dev.touchflow.schemas.topics.Topics;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * What one service consumes and produces. The platform creates those topics, and one
 * dead-letter topic per consumed topic for the service's consumer group, at start.
 */
public record ServiceTopics(String group, List<String> consumes, List<String> produces) {

    public List<String> all() {
        Set<String> names = new LinkedHashSet<>(produces);
        names.addAll(consumes);
        consumes.forEach(topic -> names.add(Topics.deadLetter(topic, group)));
        return new ArrayList<>(names);
    }

    @Configuration(proxyBeanMethods = false)
    public static class Declarations {

        /**
         * Off ({@code touchflow.platform.create-topics=false}) where the cluster's topics are someone else's to
         * make (Strimzi's {@code KafkaTopic}s, {@code ./touchflow topics apply}) and a service may not create any.
         */
        @Bean
        @ConditionalOnProperty(name = "touchflow.platform.create-topics", havingValue = "true", matchIfMissing = true)
        KafkaAdmin.NewTopics touchflowTopics(ObjectProvider<ServiceTopics> services, PlatformProperties properties) {
            List<NewTopic> topics = services.orderedStream()
                    .flatMap(service -> service.all().stream())
                    .distinct()
                    .map(name -> {
                        TopicBuilder topic = TopicBuilder.name(name)
                                .partitions(properties.partitions())
                                .replicas(properties.replicationFactor());
                        return (Topics.COMPACTED.contains(name) ? topic.compact() : topic).build();
                    })
                    .toList();
            return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
        }
    }
}
