package dev.touchflow.replies.webhook;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param tolerance how far a webhook's timestamp may be from now
 * @param clients   per client, the secret its inbound webhook is signed with
 */
@ConfigurationProperties("touchflow.replies.inbound")
public record InboundProperties(Duration tolerance, Map<String, Client> clients) {

    public InboundProperties {
        tolerance = tolerance == null ? Duration.ofMinutes(5) : tolerance;
        clients = clients == null ? Map.of() : Map.copyOf(clients);
    }

    public String secret(String clientId) {
        Client client = clientId == null ? null : clients.get(clientId);
        return client == null ? null : client.webhookSecret();
    }

    public record Client(String webhookSecret) {}
}
