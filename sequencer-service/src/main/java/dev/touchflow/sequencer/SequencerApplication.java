package dev.touchflow.sequencer;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Durable timers that publish StepDue when a step's time has come. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SequencerApplication {

    public static final String CONFIG_NAME = "spring.config.name=sequencer-service";

    public static void main(String[] args) {
        new SpringApplicationBuilder(SequencerApplication.class)
                .properties(CONFIG_NAME)
                .run(args);
    }
}
