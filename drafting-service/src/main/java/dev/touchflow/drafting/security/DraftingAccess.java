package dev.touchflow.drafting.security;

import dev.touchflow.platform.security.AccessRules;
import dev.touchflow.platform.security.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Who may call the drafting API: people with the approver role decide drafts, agents answer their draft requests. */
@Configuration(proxyBeanMethods = false)
class DraftingAccess {

    @Bean
    AccessRules draftingAccessRules() {
        return AccessRules.builder()
                .get("/api/v1/drafts", AccessRules.READERS)
                .get("/api/v1/drafts/{id}", AccessRules.READERS)
                .put("/api/v1/drafts/{id}", Role.APPROVER)
                .post("/api/v1/drafts/approve", Role.APPROVER)
                .post("/api/v1/drafts/{id}/approve", Role.APPROVER)
                .post("/api/v1/drafts/{id}/reject", Role.APPROVER)
                .post("/api/v1/drafts/{id}/regenerate", Role.APPROVER)
                .get("/api/v1/draft-requests", Role.AGENT, Role.APPROVER)
                .post("/api/v1/draft-requests/{id}/draft", Role.AGENT, Role.APPROVER)
                .build();
    }
}
