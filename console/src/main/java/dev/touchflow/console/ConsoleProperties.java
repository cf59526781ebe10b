package dev.touchflow.console;

import java.net.URI;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the console finds the services it calls for the signed-in person, and which claim of their ID
 * token name the clients and roles they have.
 *
 * @param enrollment enrollment-service's base URL
 * @param sequencer sequencer-service's base URL
 * @param drafting drafting-service's base URL
 * @param dispatch dispatch-service's base URL
 * @param replies reply-classifier-service's base URL
 * @param clientsClaim the ID token claim listing the person's clients ({@code *} for every client)
 * @param rolesClaim the ID token claim listing the person's roles (the pages offer an admin's actions by it;
 *     the services decide)
 */
@ConfigurationProperties("touchflow.console")
public record ConsoleProperties(
        URI enrollment,
        URI sequencer,
        URI drafting,
        URI dispatch,
        URI replies,
        String clientsClaim,
        String rolesClaim) {

    public ConsoleProperties {
        Objects.requireNonNull(enrollment, "touchflow.console.enrollment names enrollment-service's URL");
        Objects.requireNonNull(sequencer, "touchflow.console.sequencer names sequencer-service's URL");
        Objects.requireNonNull(drafting, "touchflow.console.drafting names drafting-service's URL");
        Objects.requireNonNull(dispatch, "touchflow.console.dispatch names dispatch-service's URL");
        Objects.requireNonNull(replies, "touchflow.console.replies names reply-classifier-service's URL");
        clientsClaim = clientsClaim == null || clientsClaim.isBlank() ? "clients" : clientsClaim;
        rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "roles" : rolesClaim;
    }
}
