package dev.touchflow.drafting.config;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param senders per client, the person touches are written as
 */
@ConfigurationProperties("touchflow.drafting")
public record DraftingProperties(Map<String, Sender> senders) {

    public DraftingProperties {
        senders = senders == null ? Map.of() : Map.copyOf(senders);
    }

    public record Sender(String name, String signature) {
    }
}
