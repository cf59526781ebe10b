package dev.touchflow.drafting.draft;

import dev.touchflow.drafting.check.Candidate;
import dev.touchflow.drafting.check.DraftChecks;
import dev.touchflow.drafting.compose.Composition;
import dev.touchflow.drafting.config.DraftingProperties;
import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.outbox.OutboundEvent;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.platform.web.ConflictException;
import dev.touchflow.platform.web.NotFoundException;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.drafting.DraftStaged;
import dev.touchflow.schemas.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A draft's next version: checked (pending, or needs_attention with the checks that failed), kept with
 * who made it and why, and announced as staged. Staging, the drafting worker, an agent's answer and a
 * person's edit or regeneration all make versions this one way.
 */
@Component
public class DraftVersions {

    private final DraftRepository drafts;
    private final DraftHistory history;
    private final OutboxWriter outbox;
    private final EventMetadata metadata;
    private final DraftingProperties properties;
    private final DraftChecks checks;
    private final Clock clock;

    DraftVersions(
            DraftRepository drafts,
            DraftHistory history,
            OutboxWriter outbox,
            EventMetadata metadata,
            DraftingProperties properties,
            Clock clock) {
        this.drafts = drafts;
        this.history = history;
        this.outbox = outbox;
        this.metadata = metadata;
        this.properties = properties;
        this.checks = new DraftChecks(
                properties.checks().nearDuplicateThreshold(),
                properties.checks().smsMaxSegments());
        this.clock = clock;
    }

    /**
     * Finishes a draft an LLM or an agent wrote, or the template that stands in for them, as one
     * new version; empty when the draft was not drafting any more.
     */
    Mono<Draft> finish(Draft drafting, Composition composition, String actor) {
        Instant now = clock.instant();
        return checked(drafting, composition, now)
                .flatMap(finished -> drafts.revise(finished, DraftStatus.DRAFTING)
                        .flatMap(revised -> revised
                                ? recorded(finished, actor, "drafted", null)
                                        .then(outbox.append(staged(finished)))
                                        .thenReturn(finished)
                                : Mono.empty()));
    }

    /**
     * The draft with this content as its next version, checked: pending when every check passed,
     * else needs_attention; its approval window starts now.
     */
    Mono<Draft> checked(Draft draft, Composition composition, Instant now) {
        return checked(draft, composition, now, now.plus(approvalWindow(draft)));
    }

    /** As {@link #checked(Draft, Composition, Instant)}, expiring when given (an edit keeps the window it had). */
    Mono<Draft> checked(Draft draft, Composition composition, Instant now, Instant expiresAt) {
        return drafts.othersOfContact(draft.clientId(), draft.touch().contactId(), draft.id())
                .collectList()
                .map(others -> {
                    List<Candidate.EarlierTouch> earlier = others.stream()
                            .map(other -> new Candidate.EarlierTouch(
                                    "step " + other.touch().stepNumber() + " of "
                                            + other.touch().campaignSlug() + " (" + other.status() + ")",
                                    other.wording().body()))
                            .toList();
                    var results = checks.run(new Candidate(
                            draft.touch().channel(),
                            composition.subject(),
                            composition.body(),
                            composition.missingVariables(),
                            properties.bannedPhrases(draft.clientId()),
                            earlier));
                    return draft.nextVersion(composition, results, expiresAt, now);
                });
    }

    /** Keeps the version and says what happened, by whom. */
    Mono<Void> recorded(Draft draft, String actor, String action, Object before) {
        return history.addVersion(draft, actor)
                .then(history.audit(draft.id(), draft.timing().updatedAt(), actor, action, before, summary(draft)));
    }

    static Map<String, Object> summary(Draft draft) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("version", draft.version());
        summary.put("status", draft.status().wire());
        summary.put("subject", draft.wording().subject());
        summary.put("body", draft.wording().body());
        summary.put("made_by", draft.origin().madeBy());
        summary.put("problems", draft.checked().problems());
        summary.put("notes", draft.checked().notes());
        return summary;
    }

    private Duration approvalWindow(Draft draft) {
        Object minutes = draft.origin().inputs().get("approval_window_minutes");
        return minutes instanceof Number number ? Duration.ofMinutes(number.longValue()) : properties.approvalWindow();
    }

    OutboundEvent staged(Draft draft) {
        EventHeader header = metadata.header(
                draft.clientId(), draft.touch().contactId(), draft.touch().correlationId(), null);
        DraftStaged staged = DraftStaged.newBuilder()
                .setHeader(header)
                .setDraftId(draft.id().toString())
                .setEnrollmentId(draft.touch().enrollmentId().toString())
                .setCampaignSlug(draft.touch().campaignSlug())
                .setStepNumber(draft.touch().stepNumber())
                .setChannel(draft.touch().channel())
                .setStatus(draft.status().wire())
                .build();
        return new OutboundEvent(Topics.DRAFT_STAGED, header, "DraftStaged", staged);
    }

    /** The draft, locked, if a person may still decide on it; else 404 or 409 saying why not. */
    Mono<Draft> lockWaiting(UUID id, String action) {
        return drafts.lock(id)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no draft " + id)))
                .flatMap(draft -> draft.waiting()
                        ? Mono.just(draft)
                        : Mono.error(new ConflictException(notWaiting(draft, action))));
    }

    /** Why a draft that is not waiting for a person cannot be decided on. */
    static String notWaiting(Draft draft, String action) {
        return "draft " + draft.id() + " is " + draft.status() + reason(draft)
                + "; only a pending or needs_attention draft can be " + action;
    }

    private static String reason(Draft draft) {
        return draft.decision().decisionReason() == null
                ? ""
                : " (" + draft.decision().decisionReason() + ")";
    }
}
