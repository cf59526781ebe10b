package dev.touchflow.drafting.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param senders           per client, the person touches are written as
 * @param clients           per client, the phrases a draft must not contain
 * @param approvalWindow    how long a draft waits for a person when its campaign does not say
 * @param agentAnswerWithin how long an outside agent has to answer a draft request before the template is used
 * @param checks            thresholds of the checks before a draft is staged
 * @param workerInterval    how often LLM drafts, overdue agent tasks and expired drafts are looked for
 */
@ConfigurationProperties("touchflow.drafting")
public record DraftingProperties(
        Map<String, Sender> senders,
        Map<String, ClientRules> clients,
        Duration approvalWindow,
        Duration agentAnswerWithin,
        Checks checks,
        Duration workerInterval) {

    public DraftingProperties {
        senders = senders == null ? Map.of() : Map.copyOf(senders);
        clients = clients == null ? Map.of() : Map.copyOf(clients);
        approvalWindow = approvalWindow == null ? Duration.ofHours(48) : approvalWindow;
        agentAnswerWithin = agentAnswerWithin == null ? Duration.ofHours(4) : agentAnswerWithin;
        checks = checks == null ? new Checks(0.8, 3) : checks;
        workerInterval = workerInterval == null ? Duration.ofSeconds(1) : workerInterval;
    }

    public List<String> bannedPhrases(String clientId) {
        ClientRules rules = clients.get(clientId);
        return rules == null ? List.of() : rules.bannedPhrases();
    }

    public record Sender(String name, String signature) {}

    public record ClientRules(List<String> bannedPhrases) {

        public ClientRules {
            bannedPhrases = bannedPhrases == null ? List.of() : List.copyOf(bannedPhrases);
        }
    }

    /**
     * @param nearDuplicateThreshold Jaccard similarity of word 3-shingles at or above which a body is too like an earlier touch
     * @param smsMaxSegments         how many SMS segments a text may take
     */
    public record Checks(double nearDuplicateThreshold, int smsMaxSegments) {}
}
