package dev.touchflow.platform.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Settings every service shares ({@code touchflow/platform-defaults.properties}, each with its
 * reason), at the lowest precedence so a service or a deployment can override any of them.
 */
public class PlatformDefaults implements EnvironmentPostProcessor {

    static final String LOCATION = "classpath:touchflow/platform-defaults.properties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            environment.getPropertySources().addLast(new ResourcePropertySource("touchflowPlatformDefaults", LOCATION));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + LOCATION, e);
        }
    }
}
