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
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The local token issuer that {@code ./touchflow up} starts: Spring Security's OAuth 2.1
 * Authorization Server with OpenID discovery ({@code /.well-known/openid-configuration}), its JWK
 * set ({@code /oauth2/jwks}) and the client-credentials grant for agents ({@code /oauth2/token}).
 * It signs with the key in {@code .touchflow/issuer/jwks.json}, the same one {@code ./touchflow token}
 * mints people's tokens with. Agents are the OAuth clients in {@code .touchflow/issuer/agents.json}
 * ({@code ./touchflow agent add}); an agent's token carries the roles and clients it was added with.
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

    /** Starts the issuer on loopback at this port, as {@code issuerUrl}, with its keys and agents under {@code state}. */
    public static ConfigurableApplicationContext start(int port, String issuerUrl, Path state) {
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
                        "--touchflow.issuer.state=" + state);
    }

    static final String CLIENTS = "touchflow.clients";

    @Bean
    SecurityFilterChain issuer(HttpSecurity http) throws Exception {
        http.oauth2AuthorizationServer(server -> server.oidc(Customizer.withDefaults()))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults()));
        return http.build();
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
    RegisteredClientRepository agents(@Value("${touchflow.issuer.state}") Path state) {
        return new AgentClients(state.resolve("agents.json"));
    }

    /** An agent's access token names it and carries the roles and clients it was added with. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> touchflowClaims() {
        return context -> {
            if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
                var client = context.getRegisteredClient();
                List<String> roles = client.getClientSettings().getSetting(ROLES);
                List<String> clients = client.getClientSettings().getSetting(CLIENTS);
                context.getClaims()
                        .claim("name", client.getClientId())
                        .claim("roles", roles == null ? List.of() : roles)
                        .claim("clients", clients == null ? List.of() : clients);
            }
        };
    }
}
