package dev.touchflow.enrollment;

import dev.touchflow.testkit.HttpClients;
import dev.touchflow.testkit.ServiceUnderTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** enrollment-service alone on the shared test broker and a fresh database, with the spec's campaigns. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {EnrollmentApplication.CONFIG_NAME, "touchflow.enrollment.seed=classpath:seed/spec-campaigns.json"
        })
abstract class EnrollmentServiceIT {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceUnderTest.register(registry, "enrollment-service");
    }

    WebTestClient http() {
        return HttpClients.client(port);
    }
}
