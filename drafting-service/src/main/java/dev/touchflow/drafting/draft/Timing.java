package dev.touchflow.drafting.draft;

import java.time.Instant;

/**
 * @param expiresAt when a waiting draft expires unless a person decides first
 * @param answerBy  when an outside agent's draft request falls back to the template
 */
public record Timing(Instant expiresAt, Instant answerBy, Instant createdAt, Instant updatedAt) {}
