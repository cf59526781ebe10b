package dev.touchflow.platform.security;

import java.util.Locale;
import java.util.Optional;

/**
 * What a caller may do. Roles add up; {@link #ADMIN} may do everything, for every client. Which
 * clients' objects a caller sees is the token's other half (see {@link Caller}).
 */
public enum Role {
    /** Everything, every client. */
    ADMIN,
    /** Campaigns, steps and calendars. */
    EDITOR,
    /** Gate routing, enrollment pause/resume/exit, sends cancel and retry, tasks, reply relabelling. */
    OPERATOR,
    /** Drafts: edit, approve, reject, regenerate. */
    APPROVER,
    /** An outside drafting agent: its own draft requests, and classification. */
    AGENT,
    /** Reads. */
    VIEWER;

    /** The authority Spring Security checks: {@code ROLE_APPROVER}. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** The role a claim value names (any case), if it names one. */
    public static Optional<Role> named(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(value.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    public String claimValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
