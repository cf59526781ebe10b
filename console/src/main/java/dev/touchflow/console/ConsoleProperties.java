package dev.touchflow.console;

import java.net.URI;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the console finds the services it calls for the signed-in person.
 *
 * @param drafting drafting-service's base URL
 */
@ConfigurationProperties("touchflow.console")
public record ConsoleProperties(URI drafting) {

    public ConsoleProperties {
        Objects.requireNonNull(drafting, "touchflow.console.drafting names drafting-service's URL");
    }
}
