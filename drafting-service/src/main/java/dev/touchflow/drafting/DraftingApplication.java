package dev.touchflow.drafting;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Drafts every touch and owns the only way to an approved event. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DraftingApplication {

    public static final String CONFIG_NAME = "spring.config.name=drafting-service";

    public static void main(String[] args) {
        new SpringApplicationBuilder(DraftingApplication.class)
                .properties(CONFIG_NAME)
                .run(args);
    }
}
