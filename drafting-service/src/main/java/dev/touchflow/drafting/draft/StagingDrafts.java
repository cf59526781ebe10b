package dev.touchflow.drafting.draft;

import dev.touchflow.drafting.check.DraftChecks;
import dev.touchflow.drafting.compose.DraftInputs;
import dev.touchflow.drafting.compose.TemplateDrafting;
import dev.touchflow.drafting.config.DraftingProperties;
import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.schemas.common.Contact;
import dev.touchflow.schemas.sequencer.StepDue;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a due step into a draft a person can trust. A template draft is rendered, checked and
 * staged at once; an LLM draft is staged as {@code drafting} for the {@link DraftingWorker}; an
 * agent draft is staged as {@code drafting} and a draft request is published for the agent. A step
 * drafted already is not drafted again. Every finished draft passes the {@link DraftChecks} and is
 * staged as pending, or as needs_attention with the checks that failed.
 */
@Service
public class StagingDrafts {

    private final DraftRepository drafts;
    private final NewDrafts newDrafts;
    private final DraftHistory history;
    private final OutboxWriter outbox;
    private final EventMetadata metadata;
    private final DraftingProperties properties;
    private final DraftRequests requests;
    private final DraftVersions versions;
    private final JsonMapper json;
    private final Clock clock;

    StagingDrafts(
            DraftRepository drafts,
            NewDrafts newDrafts,
            DraftHistory history,
            OutboxWriter outbox,
            EventMetadata metadata,
            DraftingProperties properties,
            DraftRequests requests,
            DraftVersions versions,
            JsonMapper json,
            Clock clock) {
        this.drafts = drafts;
        this.newDrafts = newDrafts;
        this.history = history;
        this.outbox = outbox;
        this.metadata = metadata;
        this.properties = properties;
        this.requests = requests;
        this.versions = versions;
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
                                ? history.audit(
                                        drafting.id(), now, metadata.producer(), "drafting", null, Map.of("by", "llm"))
                                : Mono.empty());
            case "agent" ->
                drafts.add(drafting)
                        .flatMap(added -> added
                                ? history.audit(
                                                drafting.id(),
                                                now,
                                                metadata.producer(),
                                                "drafting",
                                                null,
                                                Map.of(
                                                        "by",
                                                        drafting.origin().madeBy(),
                                                        "answer_by",
                                                        drafting.timing().answerBy()))
                                        .then(drafts.earlierTouches(
                                                        drafting.touch().enrollmentId(),
                                                        drafting.touch().stepNumber())
                                                .map(earlier ->
                                                        earlier.wording().body())
                                                .collectList())
                                        .flatMap(earlier ->
                                                outbox.append(requests.request(drafting, due.getHeader(), earlier)))
                                : Mono.empty());
            default ->
                versions.checked(drafting, TemplateDrafting.compose(inputs), now)
                        .flatMap(staged -> newDrafts
                                .add(staged, metadata.producer(), "staged", DraftVersions.summary(staged))
                                .flatMap(added -> added ? outbox.append(versions.staged(staged)) : Mono.empty()));
        };
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
        Touch touch = new Touch(
                UUID.fromString(due.getEnrollmentId()),
                due.getStep().getStepNumber(),
                due.getHeader().getClientId(),
                due.getHeader().getContactId(),
                due.getHeader().getCorrelationId(),
                due.getCampaignSlug(),
                due.getCampaignVersion(),
                inputs.channel(),
                toId,
                due.getStep().getRequiresPersonalSend(),
                context(due));
        return Draft.drafting(touch, new Origin(madeBy, json.convertValue(inputs, Map.class), Map.of()), answerBy, now);
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
}
