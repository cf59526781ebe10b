package dev.touchflow.enrollment;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Campaigns, the exec gate, enrollments and exit routing. */
@SpringBootApplication
public class EnrollmentApplication {

    public static final String CONFIG_NAME = "spring.config.name=enrollment-service";

    public static void main(String[] args) {
        new SpringApplicationBuilder(EnrollmentApplication.class)
                .properties(CONFIG_NAME)
                .run(args);
    }
}
