package dev.touchflow.console.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.client.AuthorizationCodeReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.DelegatingReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.RefreshTokenReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.server.DefaultServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Every page needs a signed-in person: OpenID Connect's authorization code grant, with PKCE, against the
 * configured provider. Forms carry a CSRF token. The person's access token (refreshed when it expires)
 * goes with every call the console makes to a service on their behalf.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class ConsoleSecurity {

    @Bean
    SecurityWebFilterChain console(ServerHttpSecurity http, ReactiveClientRegistrationRepository registrations) {
        DefaultServerOAuth2AuthorizationRequestResolver requests =
                new DefaultServerOAuth2AuthorizationRequestResolver(registrations);
        requests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        return http.authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/console.css", "/console.js", "/live.js", "/webjars/**")
                        .permitAll()
                        .anyExchange()
                        .authenticated())
                .oauth2Login(login -> login.authorizationRequestResolver(requests))
                .build();
    }

    @Bean
    ReactiveOAuth2AuthorizedClientManager authorizedClients(
            ReactiveClientRegistrationRepository registrations, ServerOAuth2AuthorizedClientRepository clients) {
        DefaultReactiveOAuth2AuthorizedClientManager manager =
                new DefaultReactiveOAuth2AuthorizedClientManager(registrations, clients);
        manager.setAuthorizedClientProvider(new DelegatingReactiveOAuth2AuthorizedClientProvider(
                new AuthorizationCodeReactiveOAuth2AuthorizedClientProvider(),
                new RefreshTokenReactiveOAuth2AuthorizedClientProvider()));
        return manager;
    }
}
