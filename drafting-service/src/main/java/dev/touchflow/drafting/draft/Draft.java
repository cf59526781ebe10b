package dev.touchflow.drafting.draft;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.touchflow.drafting.check.CheckResult;
import dev.touchflow.drafting.check.DraftChecks;
import dev.touchflow.drafting.compose.Composition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A drafted touch: being drafted, waiting for a person, or decided; one flat object in the API. */
public record Draft(
        UUID id,
        @JsonUnwrapped Touch touch,
        DraftStatus status,
        int version,
        @JsonUnwrapped Wording wording,
        @JsonUnwrapped Checked checked,
        @JsonUnwrapped Origin origin,
        @JsonUnwrapped Decision decision,
        @JsonUnwrapped Timing timing) {

    /** A new draft an LLM or an agent is about to write; nothing in it yet. */
    static Draft drafting(Touch touch, Origin origin, Instant answerBy, Instant now) {
        return new Draft(
                UUID.randomUUID(),
                touch,
                DraftStatus.DRAFTING,
                0,
                Wording.NONE,
                Checked.NOT_YET,
                origin,
                Decision.NONE,
                new Timing(null, answerBy, now, now));
    }

    /** This draft handed back to its LLM or agent to write again; its current words stay until then. */
    Draft redrafting(String madeBy, Instant answerBy, Instant now) {
        return new Draft(
                id,
                touch,
                DraftStatus.DRAFTING,
                version,
                wording,
                Checked.NOT_YET,
                new Origin(madeBy, origin.inputs(), Map.of()),
                Decision.NONE,
                new Timing(null, answerBy, timing.createdAt(), now));
    }

    /** The next version: this composition with what the checks found, waiting for a person until it expires. */
    Draft nextVersion(Composition composition, List<CheckResult> results, Instant expiresAt, Instant now) {
        List<String> problems = DraftChecks.problems(results);
        return new Draft(
                id,
                touch,
                problems.isEmpty() ? DraftStatus.PENDING : DraftStatus.NEEDS_ATTENTION,
                version + 1,
                new Wording(composition.subject(), composition.body()),
                new Checked(problems, results, composition.notes()),
                new Origin(composition.madeBy(), origin.inputs(), composition.madeWith()),
                Decision.NONE,
                new Timing(expiresAt, timing.answerBy(), timing.createdAt(), now));
    }

    public String clientId() {
        return touch.clientId();
    }

    public boolean pending() {
        return status == DraftStatus.PENDING;
    }

    /** Waiting for a person: pending or needs_attention. */
    public boolean waiting() {
        return status.waiting();
    }

    public boolean drafting() {
        return status == DraftStatus.DRAFTING;
    }
}
