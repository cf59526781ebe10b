package dev.touchflow.sequencer.cap;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param dailyCap touches per contact per local day across all active campaigns
 * @param clients a different cap for some clients
 */
@ConfigurationProperties("touchflow.sequencer.cap")
public record CapProperties(@DefaultValue("1") int dailyCap, Map<String, Integer> clients) {

    public CapProperties {
        clients = clients == null ? Map.of() : Map.copyOf(clients);
    }

    public int capFor(String clientId) {
        return clients.getOrDefault(clientId, dailyCap);
    }
}
