package dev.touchflow.console;

import java.time.Clock;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.reactive.ReactiveOAuth2ClientAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.reactive.ReactiveOAuth2ClientWebSecurityAutoConfiguration;
import org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebSessionIdResolverAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;

/**
 * The web page where people approve, route and watch their sequences. Signs people in with the company's
 * OpenID provider (the local issuer on one machine) and calls the owning services' APIs with their token.
 * Given only the auto-configuration it needs, so the services' (Kafka, R2DBC, the platform) never reach it
 * when the runner starts it in the same JVM.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({
    PropertyPlaceholderAutoConfiguration.class,
    NettyReactiveWebServerAutoConfiguration.class,
    HttpHandlerAutoConfiguration.class,
    WebFluxAutoConfiguration.class,
    WebSessionIdResolverAutoConfiguration.class,
    ErrorWebFluxAutoConfiguration.class,
    CodecsAutoConfiguration.class,
    JacksonAutoConfiguration.class,
    ThymeleafAutoConfiguration.class,
    ReactiveOAuth2ClientAutoConfiguration.class,
    ReactiveOAuth2ClientWebSecurityAutoConfiguration.class
})
@ComponentScan
@EnableConfigurationProperties(ConsoleProperties.class)
public class ConsoleApplication {

    public static final String CONFIG_NAME = "spring.config.name=console";

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    public static void main(String[] args) {
        new SpringApplicationBuilder(ConsoleApplication.class)
                .properties(CONFIG_NAME)
                .run(args);
    }
}
