package dev.touchflow.console;

import dev.touchflow.testkit.ServiceUnderTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console alone on the shared test broker and a fresh database: its read model and listeners, one
 * context for every test of the module. No provider is asked anything: its endpoints are named, not
 * discovered.
 */
@SpringBootTest(
        classes = ConsoleApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            ConsoleApplication.CONFIG_NAME,
            "spring.security.oauth2.client.registration.touchflow.client-secret=test",
            "spring.security.oauth2.client.provider.touchflow.authorization-uri=http://127.0.0.1:9/authorize",
            "spring.security.oauth2.client.provider.touchflow.token-uri=http://127.0.0.1:9/token",
            "spring.security.oauth2.client.provider.touchflow.jwk-set-uri=http://127.0.0.1:9/jwks",
            "spring.security.oauth2.client.provider.touchflow.user-info-uri=http://127.0.0.1:9/userinfo"
        })
public abstract class ConsoleOnTheBroker {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceUnderTest.register(registry, "console");
    }
}
