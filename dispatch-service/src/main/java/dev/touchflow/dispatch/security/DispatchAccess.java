package dev.touchflow.dispatch.security;

import dev.touchflow.platform.security.AccessRules;
import dev.touchflow.platform.security.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may call the dispatch API: operators steer sends and tasks, only an admin lifts a
 * suppression, everyone reads. The recipient's
 * links (unsubscribe, open pixel, click redirect) are public by design: each carries a token signed
 * for one send, and a forged or altered one is refused.
 */
@Configuration(proxyBeanMethods = false)
class DispatchAccess {

    @Bean
    AccessRules dispatchAccessRules() {
        return AccessRules.builder()
                .get("/api/v1/sends", AccessRules.READERS)
                .get("/api/v1/sends/{id}", AccessRules.READERS)
                .post("/api/v1/sends/{id}/cancel", Role.OPERATOR, Role.APPROVER)
                .post("/api/v1/sends/{id}/retry", Role.OPERATOR)
                .get("/api/v1/tasks", AccessRules.READERS)
                .post("/api/v1/tasks/{id}/done", Role.OPERATOR)
                .get("/api/v1/suppressions", AccessRules.READERS)
                .post("/api/v1/suppressions/lift", Role.ADMIN)
                .open(HttpMethod.GET, "/u/{token}")
                .open(HttpMethod.POST, "/u/{token}")
                .open(HttpMethod.GET, "/t/o/{token}")
                .open(HttpMethod.GET, "/t/c/{token}")
                .build();
    }
}
