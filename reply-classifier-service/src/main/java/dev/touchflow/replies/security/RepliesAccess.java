package dev.touchflow.replies.security;

import dev.touchflow.platform.security.AccessRules;
import dev.touchflow.platform.security.Role;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may call the reply API: operators relabel replies, everyone reads, agents may classify. The
 * inbound webhook is public by design: every request carries the client's signature over its
 * client id, timestamp and body, and anything else is one generic 401.
 */
@Configuration(proxyBeanMethods = false)
class RepliesAccess {

    @Bean
    AccessRules repliesAccessRules() {
        Set<Role> classifiers = EnumSet.copyOf(AccessRules.READERS);
        classifiers.add(Role.AGENT);
        return AccessRules.builder()
                .get("/api/v1/replies", AccessRules.READERS)
                .post("/api/v1/replies/{id}/label", Role.OPERATOR)
                .get("/api/v1/sent-messages", AccessRules.READERS)
                .get("/api/v1/mailboxes/skipped", AccessRules.READERS)
                .post("/api/v1/classify", classifiers)
                .open(HttpMethod.POST, "/api/v1/inbound/email")
                .build();
    }
}
