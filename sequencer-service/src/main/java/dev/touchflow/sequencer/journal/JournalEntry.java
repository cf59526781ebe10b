package dev.touchflow.sequencer.journal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One decision about a step: scheduled, fired, deferred, paused, resumed, cancelled or exhausted,
 * with its reasons and the time the step is now set for.
 */
public record JournalEntry(
        UUID enrollmentId, int stepNumber, Instant at, String decision, List<String> reasons, Instant fireAt) {}
