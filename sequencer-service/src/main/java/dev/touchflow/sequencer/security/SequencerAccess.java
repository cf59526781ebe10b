package dev.touchflow.sequencer.security;

import dev.touchflow.platform.security.AccessRules;
import dev.touchflow.platform.security.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who may call the sequencer API. Editors replace holiday calendars (which every client's campaigns
 * share, so only with a token for every client); anyone reads a calendar, a journal or a simulation.
 */
@Configuration(proxyBeanMethods = false)
class SequencerAccess {

    @Bean
    AccessRules sequencerAccessRules() {
        return AccessRules.builder()
                .get("/api/v1/enrollments/{id}/journal", AccessRules.READERS)
                .post("/api/v1/campaigns/{slug}/simulate", AccessRules.READERS)
                .get("/api/v1/calendars/{name}", AccessRules.READERS)
                .put("/api/v1/calendars/{name}", Role.EDITOR)
                .build();
    }
}
