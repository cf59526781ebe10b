package dev.touchflow.local.issuer;

import java.time.Duration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The local issuer's OAuth clients: the console, through which people sign in (a confidential client, as
 * a server-side application is: the authorization code grant with PKCE and a client secret), and the
 * agents in {@code agents.json}.
 */
final class IssuerClients implements RegisteredClientRepository {

    static final String CONSOLE = "touchflow-console";

    private final RegisteredClient console;
    private final AgentClients agents;

    IssuerClients(String consoleRedirectUri, String consoleSecret, AgentClients agents) {
        this.console = RegisteredClient.withId(CONSOLE)
                .clientId(CONSOLE)
                .clientSecret(PasswordEncoderFactories.createDelegatingPasswordEncoder()
                        .encode(consoleSecret))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .redirectUri(consoleRedirectUri)
                .scope(OidcScopes.OPENID)
                .scope(OidcScopes.PROFILE)
                .clientSettings(ClientSettings.builder()
                        .requireProofKey(true)
                        .requireAuthorizationConsent(false)
                        .build())
                .tokenSettings(TokenSettings.builder()
                        .accessTokenTimeToLive(Duration.ofMinutes(15))
                        .refreshTokenTimeToLive(Duration.ofHours(8))
                        .reuseRefreshTokens(false)
                        .build())
                .build();
        this.agents = agents;
    }

    @Override
    public void save(RegisteredClient registeredClient) {
        throw new UnsupportedOperationException("the console is built in; agents are added with ./touchflow agent add");
    }

    @Override
    public RegisteredClient findById(String id) {
        return findByClientId(id);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        return CONSOLE.equals(clientId) ? console : agents.findByClientId(clientId);
    }
}
