package dev.touchflow.local.issuer;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import tools.jackson.core.type.TypeReference;

/**
 * The agents the local issuer knows, as OAuth clients with the client-credentials grant, kept in a
 * JSON file ({@code agents.json}): the client id, the hash of its secret (never the secret), its roles
 * and clients. Read on every look-up, so {@code ./touchflow agent add} takes effect without a restart.
 */
public final class AgentClients implements RegisteredClientRepository {

    /** One agent as the file keeps it. */
    public record Agent(String clientId, String secretHash, List<String> roles, List<String> clients) {}

    private static final Duration TOKEN_TTL = Duration.ofHours(1);

    private final JsonListFile<Agent> file;

    public AgentClients(Path file) {
        this.file = new JsonListFile<>(file, new TypeReference<>() {});
    }

    /** Adds (or replaces) an agent with a new random secret; returns the secret, which is shown once and never stored. */
    public String add(String clientId, List<String> roles, List<String> clients) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        List<Agent> agents = new ArrayList<>(read());
        agents.removeIf(agent -> agent.clientId().equals(clientId));
        agents.add(new Agent(
                clientId,
                PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(secret),
                List.copyOf(roles),
                List.copyOf(clients)));
        file.write(agents);
        return secret;
    }

    public List<Agent> read() {
        return file.read();
    }

    @Override
    public void save(RegisteredClient registeredClient) {
        throw new UnsupportedOperationException("agents are added with ./touchflow agent add");
    }

    @Override
    public RegisteredClient findById(String id) {
        return findByClientId(id);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        return read().stream()
                .filter(agent -> agent.clientId().equals(clientId))
                .findFirst()
                .map(AgentClients::registration)
                .orElse(null);
    }

    private static RegisteredClient registration(Agent agent) {
        return RegisteredClient.withId(agent.clientId())
                .clientId(agent.clientId())
                .clientSecret(agent.secretHash())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .clientSettings(ClientSettings.builder()
                        .setting(LocalIssuer.ROLES, agent.roles())
                        .setting(LocalIssuer.CLIENTS, agent.clients())
                        .build())
                .tokenSettings(
                        TokenSettings.builder().accessTokenTimeToLive(TOKEN_TTL).build())
                .build();
    }
}
