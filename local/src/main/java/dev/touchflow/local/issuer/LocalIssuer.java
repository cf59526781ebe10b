package dev.touchflow.local.issuer;

import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.touchflow.embedded.IssuerKeys;
import java.nio.file.Path;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * The local token issuer that {@code ./touchflow up} starts: Spring Security's OAuth 2.1
 * Authorization Server with OpenID discovery ({@code /.well-known/openid-configuration}), its JWK
 * set ({@code /oauth2/jwks}) and the client-credentials grant for agents ({@code /oauth2/token}).
 * It signs with the key in {@code .touchflow/issuer/jwks.json}, the same one {@code ./touchflow token}
 * mints people's tokens with. Agents are the OAuth clients in {@code .touchflow/issuer/agents.json}
 * ({@code ./touchflow agent add}); an agent's token carries the roles and clients it was added with.
 * People in {@code .touchflow/issuer/people.json} ({@code ./touchflow person add}) sign in to the console
 * with the authorization code grant and PKCE, and their tokens carry their roles and clients.
 * A servlet application of its own, given only the auto-configuration it needs, so none of the
 * services' (Kafka, R2DBC, the platform) reaches it.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({
    PropertyPlaceholderAutoConfiguration.class,
    TomcatServletWebServerAutoConfiguration.class,
    DispatcherServletAutoConfiguration.class,
    WebMvcAutoConfiguration.class,
    HttpMessageConvertersAutoConfiguration.class,
    JacksonAutoConfiguration.class,
    ErrorMvcAutoConfiguration.class,
    SecurityFilterAutoConfiguration.class
})
@EnableWebSecurity
public class LocalIssuer {

    /** Roles and clients of an agent, kept in its registration's settings. */
    static final String ROLES = "touchflow.roles";

    /**
     * Starts the issuer on loopback at this port, as {@code issuerUrl}, with its keys, agents and people
     * under {@code state}; people sign in to the console (its client secret {@code consoleSecret}), which
     * is sent back to {@code consoleRedirectUri}.
     */
    public static ConfigurableApplicationContext start(
            int port, String issuerUrl, Path state, String consoleRedirectUri, String consoleSecret) {
        return new SpringApplicationBuilder(LocalIssuer.class)
                .registerShutdownHook(false)
                .run(
                        "--spring.main.web-application-type=servlet",
                        "--spring.main.banner-mode=off",
                        "--spring.main.log-startup-info=false",
                        "--server.address=127.0.0.1",
                        "--server.port=" + port,
                        "--logging.level.root=WARN",
                        "--touchflow.issuer.url=" + issuerUrl,
                        "--touchflow.issuer.state=" + state,
                        "--touchflow.issuer.console-redirect-uri=" + consoleRedirectUri,
                        "--touchflow.issuer.console-secret=" + consoleSecret);
    }

    static final String CLIENTS = "touchflow.clients";

    /** The console's client id; no agent may take it. */
    public static final String CONSOLE_CLIENT_ID = IssuerClients.CONSOLE;

    /** Where the console on this port takes a person back after they signed in. */
    public static String consoleRedirectUri(int consolePort) {
        return "http://127.0.0.1:" + consolePort + "/login/oauth2/code/touchflow";
    }

    /**
     * The protocol's endpoints and the sign-in form for people. A browser that asks to authorize before
     * signing in is sent to the form; any other unauthenticated call gets a 401.
     */
    @Bean
    SecurityFilterChain issuer(HttpSecurity http) throws Exception {
        http.oauth2AuthorizationServer(server -> server.oidc(Customizer.withDefaults()))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .exceptionHandling(failures -> failures.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"),
                        new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
                .oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults()));
        return http.build();
    }

    @Bean
    People people(@Value("${touchflow.issuer.state}") Path state) {
        return new People(state.resolve("people.json"));
    }

    @Bean
    IssuerKeys issuerKeys(@Value("${touchflow.issuer.state}") Path state) {
        return IssuerKeys.loadOrCreate(state.resolve("jwks.json"));
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(IssuerKeys keys) {
        return new ImmutableJWKSet<>(keys.privateJwkSet());
    }

    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys) {
        return OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(@Value("${touchflow.issuer.url}") String issuer) {
        return AuthorizationServerSettings.builder().issuer(issuer).build();
    }

    @Bean
    RegisteredClientRepository clients(
            @Value("${touchflow.issuer.state}") Path state,
            @Value("${touchflow.issuer.console-redirect-uri}") String consoleRedirectUri,
            @Value("${touchflow.issuer.console-secret}") String consoleSecret) {
        return new IssuerClients(consoleRedirectUri, consoleSecret, new AgentClients(state.resolve("agents.json")));
    }

    /**
     * An agent's access token names it and carries the roles and clients it was added with; a person's
     * (signed in to the console) carries theirs, as in people.json at the time it is issued.
     */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> touchflowClaims(People people) {
        return context -> {
            if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
                var client = context.getRegisteredClient();
                List<String> roles = client.getClientSettings().getSetting(ROLES);
                List<String> clients = client.getClientSettings().getSetting(CLIENTS);
                claims(context, client.getClientId(), roles, clients);
            } else {
                String name = context.getPrincipal().getName();
                people.find(name)
                        .ifPresentOrElse(
                                person -> claims(context, name, person.roles(), person.clients()),
                                () -> claims(context, name, List.of(), List.of()));
            }
        };
    }

    private static void claims(JwtEncodingContext context, String name, List<String> roles, List<String> clients) {
        context.getClaims()
                .claim("name", name)
                .claim("roles", roles == null ? List.of() : roles)
                .claim("clients", clients == null ? List.of() : clients);
    }
}
