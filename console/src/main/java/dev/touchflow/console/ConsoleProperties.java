package dev.touchflow.console;

import java.net.URI;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the console finds the services it calls for the signed-in person.
 *
 * @param enrollment enrollment-service's base URL
 * @param drafting drafting-service's base URL
 * @param dispatch dispatch-service's base URL
 * @param replies reply-classifier-service's base URL
 */
@ConfigurationProperties("touchflow.console")
public record ConsoleProperties(URI enrollment, URI drafting, URI dispatch, URI replies) {

    public ConsoleProperties {
        Objects.requireNonNull(enrollment, "touchflow.console.enrollment names enrollment-service's URL");
        Objects.requireNonNull(drafting, "touchflow.console.drafting names drafting-service's URL");
        Objects.requireNonNull(dispatch, "touchflow.console.dispatch names dispatch-service's URL");
        Objects.requireNonNull(replies, "touchflow.console.replies names reply-classifier-service's URL");
    }
}
