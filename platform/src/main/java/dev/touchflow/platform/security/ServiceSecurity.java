package dev.touchflow.platform.security;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Every service is an OAuth 2.0 resource server: a call carries a JWT bearer token signed by the
 * configured issuer, and the service's {@link AccessRules} decide what its roles may call. No
 * token, or a bad one, is 401; a role the rule does not name is 403; a route no rule names is
 * denied. Both refusals are problem+json and are answered before anything else runs. The API keeps
 * no state between calls: no session, no saved request.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableWebFluxSecurity
@EnableConfigurationProperties(IdentityProperties.class)
public class ServiceSecurity {

    @Bean
    ReactiveJwtDecoder touchflowJwtDecoder(IdentityProperties identity) {
        return TokenDecoders.of(identity);
    }

    @Bean
    SecurityWebFilterChain touchflowSecurity(
            ServerHttpSecurity http,
            ObjectProvider<AccessRules> provided,
            IdentityProperties identity,
            ReactiveJwtDecoder decoder) {
        AccessRules rules = provided.getIfAvailable(() -> AccessRules.builder().build());
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .authorizeExchange(exchanges -> {
                    // liveness and readiness for whatever restarts the service or routes to it; statuses only
                    exchanges
                            .pathMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**")
                            .permitAll();
                    // metrics count every client's work: only a reader whose token sees every client scrapes them
                    exchanges
                            .pathMatchers(HttpMethod.GET, "/actuator/prometheus")
                            .access((authentication, context) -> scraper(authentication));
                    for (AccessRules.Rule rule : rules.rules()) {
                        var spec = exchanges.pathMatchers(rule.method(), rule.pattern());
                        if (rule.open()) {
                            spec.permitAll();
                        } else {
                            spec.hasAnyAuthority(rule.authorities());
                        }
                    }
                    exchanges.anyExchange().denyAll();
                })
                .oauth2ResourceServer(server -> server.jwt(jwt ->
                                jwt.jwtDecoder(decoder).jwtAuthenticationConverter(new TokenClaims(identity.claims())))
                        .authenticationEntryPoint((exchange, error) -> RefusalProblems.write(
                                exchange,
                                HttpStatus.UNAUTHORIZED,
                                "this call needs a valid bearer token (Authorization: Bearer …)"))
                        .accessDeniedHandler((exchange, error) -> RefusalProblems.write(
                                exchange, HttpStatus.FORBIDDEN, "the token's roles do not allow this call")))
                .exceptionHandling(
                        handling -> handling.authenticationEntryPoint((exchange, error) -> RefusalProblems.write(
                                        exchange,
                                        HttpStatus.UNAUTHORIZED,
                                        "this call needs a valid bearer token (Authorization: Bearer …)"))
                                .accessDeniedHandler((exchange, error) -> RefusalProblems.write(
                                        exchange, HttpStatus.FORBIDDEN, "the token's roles do not allow this call")))
                .build();
    }

    /** A reader whose token sees every client, as the metrics scraper's does. */
    private static Mono<AuthorizationResult> scraper(Mono<Authentication> authentication) {
        return authentication
                .filter(CallerAuthentication.class::isInstance)
                .map(token -> ((CallerAuthentication) token).caller())
                .<AuthorizationResult>map(caller -> new AuthorizationDecision(
                        caller.allClients() && AccessRules.READERS.stream().anyMatch(caller::has)))
                .defaultIfEmpty(new AuthorizationDecision(false));
    }

    /** A service whose REST handlers include one no rule decides does not start. */
    @Bean
    SmartInitializingSingleton everyEndpointHasARule(
            ObjectProvider<AccessRules> provided, ObjectProvider<RequestMappingHandlerMapping> mappings) {
        return () -> {
            AccessRules rules =
                    provided.getIfAvailable(() -> AccessRules.builder().build());
            List<AccessRules.Endpoint> uncovered = new ArrayList<>();
            mappings.orderedStream().forEach(mapping -> uncovered.addAll(rules.uncovered(mapping.getHandlerMethods())));
            if (!uncovered.isEmpty()) {
                throw new IllegalStateException(
                        "these endpoints have no access rule (add one to the service's AccessRules): "
                                + uncovered.stream()
                                        .map(endpoint -> endpoint.method() + " " + endpoint.pattern())
                                        .collect(Collectors.joining(", ")));
            }
        };
    }

    /** Controllers take the {@link Caller} as a parameter. */
    @Bean
    WebFluxConfigurer callerArguments() {
        return new WebFluxConfigurer() {
            @Override
            public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
                configurer.addCustomResolver(new HandlerMethodArgumentResolver() {
                    @Override
                    public boolean supportsParameter(MethodParameter parameter) {
                        return parameter.getParameterType() == Caller.class;
                    }

                    @Override
                    public Mono<Object> resolveArgument(
                            MethodParameter parameter, BindingContext context, ServerWebExchange exchange) {
                        return Caller.current()
                                .cast(Object.class)
                                .switchIfEmpty(Mono.error(() -> new IllegalStateException(
                                        "no caller: " + parameter + " is on a route without an identity")));
                    }
                });
            }
        };
    }
}
