package dev.touchflow.dispatch;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Sends approved touches at most once, over SMTP or as a task for a person. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DispatchApplication {

    public static final String CONFIG_NAME = "spring.config.name=dispatch-service";

    public static void main(String[] args) {
        new SpringApplicationBuilder(DispatchApplication.class)
                .properties(CONFIG_NAME)
                .run(args);
    }
}
