package dev.touchflow.replies;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Reads replies, matches them to the touches they answer, and classifies them. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ReplyClassifierApplication {

    public static final String CONFIG_NAME = "spring.config.name=reply-classifier-service";

    public static void main(String[] args) {
        new SpringApplicationBuilder(ReplyClassifierApplication.class)
                .properties(CONFIG_NAME)
                .run(args);
    }
}
