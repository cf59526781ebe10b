package dev.touchflow.drafting.security;

import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Every drafting API call carries an {@code Authorization: Bearer <token>} from the
 * {@link AccessTokens} table. Without one, or with an unknown one, the answer is 401; with a token
 * whose roles do not allow the call, 403; both as problem+json.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class TokenSecurity {

    @Bean
    SecurityWebFilterChain draftingSecurity(ServerHttpSecurity http, AccessTokens tokens) {
        AuthenticationWebFilter bearer = new AuthenticationWebFilter(tokens);
        bearer.setServerAuthenticationConverter(exchange -> Mono
                .justOrEmpty(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION))
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> UsernamePasswordAuthenticationToken.unauthenticated("bearer", value.substring(7).trim())));
        bearer.setAuthenticationFailureHandler((filterExchange, error) ->
                problem(filterExchange.getExchange(), HttpStatus.UNAUTHORIZED, error.getMessage()));
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers(HttpMethod.GET, "/api/v1/drafting-tasks").hasAnyRole("AGENT", "APPROVER")
                        .pathMatchers(HttpMethod.POST, "/api/v1/drafting-tasks/*/draft").hasAnyRole("AGENT", "APPROVER")
                        .pathMatchers("/api/**").hasRole("APPROVER")
                        .anyExchange().permitAll())
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((exchange, error) -> problem(exchange, HttpStatus.UNAUTHORIZED,
                                "this call needs an Authorization: Bearer token"))
                        .accessDeniedHandler((exchange, error) -> problem(exchange, HttpStatus.FORBIDDEN,
                                "this token's roles do not allow this call")))
                .addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
                .build();
    }

    private static Mono<Void> problem(ServerWebExchange exchange, HttpStatus status, String detail) {
        var response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        String body = "{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":" + status.value()
                + ",\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"instance\":\""
                + exchange.getRequest().getPath().value() + "\"}";
        DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }
}
