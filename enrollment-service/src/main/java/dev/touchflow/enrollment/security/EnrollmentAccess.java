package dev.touchflow.enrollment.security;

import dev.touchflow.platform.security.AccessRules;
import dev.touchflow.platform.security.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Who may call the enrollment API: editors shape campaigns, operators route and steer enrollments, everyone reads. */
@Configuration(proxyBeanMethods = false)
class EnrollmentAccess {

    @Bean
    AccessRules enrollmentAccessRules() {
        return AccessRules.builder()
                .get("/api/v1/campaigns", AccessRules.READERS)
                .post("/api/v1/campaigns", Role.EDITOR)
                .get("/api/v1/campaigns/{slug}", AccessRules.READERS)
                .put("/api/v1/campaigns/{slug}", Role.EDITOR)
                .delete("/api/v1/campaigns/{slug}", Role.EDITOR)
                .put("/api/v1/campaigns/{slug}/status", Role.EDITOR)
                .get("/api/v1/campaigns/{slug}/versions/{version}", AccessRules.READERS)
                .post("/api/v1/campaigns/{slug}/steps", Role.EDITOR)
                .put("/api/v1/campaigns/{slug}/steps/{number}", Role.EDITOR)
                .delete("/api/v1/campaigns/{slug}/steps/{number}", Role.EDITOR)
                .post("/api/v1/campaigns/{slug}/enroll", Role.OPERATOR)
                .get("/api/v1/campaigns/{slug}/enrollments", AccessRules.READERS)
                .get("/api/v1/enrollments/{id}", AccessRules.READERS)
                .put("/api/v1/enrollments/{id}", Role.OPERATOR)
                .get("/api/v1/refusals", AccessRules.READERS)
                .get("/api/v1/gate", AccessRules.READERS)
                .get("/api/v1/gate/{id}", AccessRules.READERS)
                .post("/api/v1/gate/{id}/route", Role.OPERATOR)
                .post("/api/v1/triggers/sweep", Role.OPERATOR)
                .post("/api/v1/suppressions/lift", Role.ADMIN)
                .build();
    }
}
