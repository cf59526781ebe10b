package dev.touchflow.drafting.draft;

import dev.touchflow.drafting.check.Candidate;
import dev.touchflow.drafting.check.DraftChecks;
import dev.touchflow.drafting.compose.Composition;
import dev.touchflow.drafting.compose.DraftInputs;
import dev.touchflow.drafting.compose.TemplateDrafting;
import dev.touchflow.drafting.config.DraftingProperties;
import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.outbox.OutboundEvent;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.schemas.common.Contact;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.drafting.DraftStaged;
import dev.touchflow.schemas.sequencer.StepDue;
import dev.touchflow.schemas.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a due step into a draft a person can trust. A template draft is rendered, checked and
 * staged at once; an LLM draft is staged as {@code drafting} for the {@link DraftingWorker}; an
 * agent draft is staged as {@code drafting} and a drafting task is published for the agent. A step
 * drafted already is not drafted again. Every finished draft passes the {@link DraftChecks} and is
 * staged as pending, or as needs_attention with the checks that failed.
 */
@Service
public class StagingDrafts {

    private final DraftRepository drafts;
    private final OutboxWriter outbox;
    private final EventMetadata metadata;
    private final DraftingProperties properties;
    private final DraftingTasks tasks;
    private final DraftChecks checks;
    private final JsonMapper json;
    private final Clock clock;

    StagingDrafts(
            DraftRepository drafts,
            OutboxWriter outbox,
            EventMetadata metadata,
            DraftingProperties properties,
            DraftingTasks tasks,
            JsonMapper json,
            Clock clock) {
        this.drafts = drafts;
        this.outbox = outbox;
        this.metadata = metadata;
        this.properties = properties;
        this.tasks = tasks;
        this.checks = new DraftChecks(
                properties.checks().nearDuplicateThreshold(),
                properties.checks().smsMaxSegments());
        this.json = json;
        this.clock = clock;
    }

    public Mono<Void> stage(StepDue due) {
        Instant now = clock.instant();
        DraftInputs inputs = DraftInputs.of(due, properties);
        Draft drafting = drafting(due, inputs, now);
        return switch (inputs.mode()) {
            case "llm" ->
                drafts.add(drafting)
                        .flatMap(added -> added
                                ? drafts.audit(
                                        drafting.id(), now, metadata.producer(), "drafting", null, Map.of("by", "llm"))
                                : Mono.empty());
            case "agent" ->
                drafts.add(drafting)
                        .flatMap(added -> added
                                ? drafts.audit(
                                                drafting.id(),
                                                now,
                                                metadata.producer(),
                                                "drafting",
                                                null,
                                                Map.of("by", drafting.madeBy(), "answer_by", drafting.answerBy()))
                                        .then(drafts.earlierTouches(drafting.enrollmentId(), drafting.stepNumber())
                                                .map(Draft::body)
                                                .collectList())
                                        .flatMap(earlier ->
                                                outbox.append(tasks.task(drafting, due.getHeader(), earlier)))
                                : Mono.empty());
            default ->
                checked(drafting, TemplateDrafting.compose(inputs), now)
                        .flatMap(staged -> drafts.add(staged)
                                .flatMap(added -> added
                                        ? recorded(staged, metadata.producer(), "staged", null)
                                                .then(outbox.append(staged(staged)))
                                        : Mono.empty()));
        };
    }

    /**
     * Finishes a draft an LLM or an agent wrote, or the template that stands in for them, as one
     * new version; empty when the draft was not drafting any more.
     */
    Mono<Draft> finish(Draft drafting, Composition composition, String actor) {
        Instant now = clock.instant();
        return checked(drafting, composition, now)
                .flatMap(finished -> drafts.revise(finished, "drafting")
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
        return drafts.othersOfContact(draft.clientId(), draft.contactId(), draft.id())
                .collectList()
                .map(others -> {
                    List<Candidate.EarlierTouch> earlier = others.stream()
                            .map(other -> new Candidate.EarlierTouch(
                                    "step " + other.stepNumber() + " of " + other.campaignSlug() + " (" + other.status()
                                            + ")",
                                    other.body()))
                            .toList();
                    var results = checks.run(new Candidate(
                            draft.channel(),
                            composition.subject(),
                            composition.body(),
                            composition.missingVariables(),
                            properties.bannedPhrases(draft.clientId()),
                            earlier));
                    List<String> problems = DraftChecks.problems(results);
                    return new Draft(
                            draft.id(),
                            draft.enrollmentId(),
                            draft.stepNumber(),
                            draft.clientId(),
                            draft.contactId(),
                            draft.correlationId(),
                            draft.campaignSlug(),
                            draft.campaignVersion(),
                            draft.channel(),
                            draft.toId(),
                            composition.subject(),
                            composition.body(),
                            draft.context(),
                            problems.isEmpty() ? "pending" : "needs_attention",
                            problems,
                            results,
                            composition.notes(),
                            composition.madeBy(),
                            draft.inputs(),
                            composition.madeWith(),
                            draft.requiresPersonalSend(),
                            draft.version() + 1,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            expiresAt,
                            draft.answerBy(),
                            draft.createdAt(),
                            now);
                });
    }

    /** Keeps the version and says what happened, by whom. */
    Mono<Void> recorded(Draft draft, String actor, String action, Object before) {
        return drafts.addVersion(draft, actor)
                .then(drafts.audit(draft.id(), draft.updatedAt(), actor, action, before, summary(draft)));
    }

    static Map<String, Object> summary(Draft draft) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("version", draft.version());
        summary.put("status", draft.status());
        summary.put("subject", draft.subject());
        summary.put("body", draft.body());
        summary.put("made_by", draft.madeBy());
        summary.put("problems", draft.problems());
        summary.put("notes", draft.notes());
        return summary;
    }

    private Duration approvalWindow(Draft draft) {
        Object minutes = draft.inputs().get("approval_window_minutes");
        return minutes instanceof Number number ? Duration.ofMinutes(number.longValue()) : properties.approvalWindow();
    }

    @SuppressWarnings("unchecked")
    private Draft drafting(StepDue due, DraftInputs inputs, Instant now) {
        Contact contact = due.getContact();
        String toId = "linkedin".equals(inputs.channel()) && contact.getLinkedinUrl() != null
                ? contact.getLinkedinUrl()
                : contact.getEmail();
        String madeBy = switch (inputs.mode()) {
            case "llm" -> "llm";
            case "agent" -> "agent:" + inputs.agent();
            default -> "template";
        };
        Instant answerBy = "agent".equals(inputs.mode()) ? now.plus(properties.agentAnswerWithin()) : null;
        return new Draft(
                UUID.randomUUID(),
                UUID.fromString(due.getEnrollmentId()),
                due.getStep().getStepNumber(),
                due.getHeader().getClientId(),
                due.getHeader().getContactId(),
                due.getHeader().getCorrelationId(),
                due.getCampaignSlug(),
                due.getCampaignVersion(),
                inputs.channel(),
                toId,
                null,
                "",
                context(due),
                "drafting",
                List.of(),
                List.of(),
                List.of(),
                madeBy,
                json.convertValue(inputs, Map.class),
                Map.of(),
                due.getStep().getRequiresPersonalSend(),
                0,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                answerBy,
                now,
                now);
    }

    private static Map<String, Object> context(StepDue due) {
        Contact contact = due.getContact();
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("contact_id", contact.getId());
        context.put(
                "contact_name",
                String.join(" ", nonNull(contact.getFirstName()), nonNull(contact.getLastName()))
                        .trim());
        context.put("company", contact.getCompany());
        context.put("title", contact.getTitle());
        context.put("campaign_slug", due.getCampaignSlug());
        context.put("campaign_name", due.getCampaignName());
        context.put("step_number", due.getStep().getStepNumber());
        context.put("total_steps", due.getTotalSteps());
        context.put("content_type", due.getStep().getContentType());
        context.put("goal", due.getGoal());
        context.put("notes", due.getNotes());
        context.put("template_instructions", due.getStep().getTemplateInstructions());
        context.put("requires_personal_send", due.getStep().getRequiresPersonalSend());
        context.put("new_thread", due.getStep().getNewThread());
        return context;
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }

    OutboundEvent staged(Draft draft) {
        EventHeader header = metadata.header(draft.clientId(), draft.contactId(), draft.correlationId(), null);
        DraftStaged staged = DraftStaged.newBuilder()
                .setHeader(header)
                .setDraftId(draft.id().toString())
                .setEnrollmentId(draft.enrollmentId().toString())
                .setCampaignSlug(draft.campaignSlug())
                .setStepNumber(draft.stepNumber())
                .setChannel(draft.channel())
                .setStatus(draft.status())
                .build();
        return new OutboundEvent(Topics.DRAFT_STAGED, header, "DraftStaged", staged);
    }
}
