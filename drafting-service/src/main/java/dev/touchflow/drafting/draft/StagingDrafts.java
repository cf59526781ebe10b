package dev.touchflow.drafting.draft;

import dev.touchflow.drafting.config.DraftingProperties;
import dev.touchflow.drafting.render.TemplateRendering;
import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.outbox.OutboundEvent;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.schemas.common.Contact;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.common.StepSpec;
import dev.touchflow.schemas.drafting.DraftStaged;
import dev.touchflow.schemas.sequencer.StepDue;
import dev.touchflow.schemas.topics.Topics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Turns a due step into a draft a person can trust: the step's templates rendered with the
 * contact's merge variables, checked, and staged as pending, or as needs_attention with the
 * problems found. A step drafted already is not drafted again.
 */
@Service
public class StagingDrafts {

    private static final int SUBJECT_LIMIT = 150;
    private static final int LINKEDIN_NOTE_LIMIT = 300;

    private final DraftRepository drafts;
    private final OutboxWriter outbox;
    private final EventMetadata metadata;
    private final DraftingProperties properties;
    private final Clock clock;

    StagingDrafts(DraftRepository drafts, OutboxWriter outbox, EventMetadata metadata, DraftingProperties properties,
                  Clock clock) {
        this.drafts = drafts;
        this.outbox = outbox;
        this.metadata = metadata;
        this.properties = properties;
        this.clock = clock;
    }

    public Mono<Void> stage(StepDue due) {
        Draft draft = draft(due, clock.instant());
        return drafts.add(draft).flatMap(added -> added
                ? drafts.audit(draft.id(), draft.createdAt(), metadata.producer(), "staged", null, draft)
                        .then(outbox.append(staged(draft, due.getHeader())))
                : Mono.empty());
    }

    private Draft draft(StepDue due, Instant now) {
        StepSpec step = due.getStep();
        Map<String, Object> variables = variables(due);
        TemplateRendering.Rendered subject = TemplateRendering.render(step.getSubjectTemplate(), variables);
        TemplateRendering.Rendered body = TemplateRendering.render(step.getBodyTemplate(), variables);
        List<String> problems = new ArrayList<>();
        List<String> missing = new ArrayList<>(subject.missing());
        body.missing().stream().filter(name -> !missing.contains(name)).forEach(missing::add);
        if (!missing.isEmpty()) {
            problems.add("missing merge variables: " + String.join(", ", missing));
        }
        problems.addAll(channelProblems(step.getChannel(), subject.text(), body.text()));
        String toId = "linkedin".equals(step.getChannel()) && due.getContact().getLinkedinUrl() != null
                ? due.getContact().getLinkedinUrl() : due.getContact().getEmail();
        return new Draft(UUID.randomUUID(), UUID.fromString(due.getEnrollmentId()), step.getStepNumber(),
                due.getHeader().getClientId(), due.getHeader().getContactId(), due.getHeader().getCorrelationId(),
                due.getCampaignSlug(), due.getCampaignVersion(), step.getChannel(), toId, subject.text(), body.text(),
                context(due), problems.isEmpty() ? "pending" : "needs_attention", problems, "template",
                step.getRequiresPersonalSend(), 1, null, null, null, now, now);
    }

    static List<String> channelProblems(String channel, String subject, String body) {
        List<String> problems = new ArrayList<>();
        if ("email".equals(channel)) {
            if (subject == null || subject.isBlank()) {
                problems.add("an email needs a subject");
            } else if (subject.length() > SUBJECT_LIMIT) {
                problems.add("subject is " + subject.length() + " characters; at most " + SUBJECT_LIMIT);
            }
        }
        if ("linkedin".equals(channel) && body.length() > LINKEDIN_NOTE_LIMIT) {
            problems.add("a LinkedIn note is at most " + LINKEDIN_NOTE_LIMIT + " characters; this is " + body.length());
        }
        return problems;
    }

    private Map<String, Object> variables(StepDue due) {
        Contact contact = due.getContact();
        DraftingProperties.Sender sender = properties.senders().get(due.getHeader().getClientId());
        Map<String, Object> variables = new HashMap<>();
        variables.put("first_name", contact.getFirstName());
        variables.put("last_name", contact.getLastName());
        variables.put("company", contact.getCompany());
        variables.put("title", contact.getTitle());
        variables.put("email", contact.getEmail());
        variables.put("goal", due.getGoal() == null ? null : due.getGoal().replace('_', ' '));
        variables.put("notes", due.getNotes());
        variables.put("campaign_name", due.getCampaignName());
        variables.put("sender_name", sender == null ? null : sender.name());
        variables.put("sender_signature", sender == null ? null : sender.signature());
        return variables;
    }

    private static Map<String, Object> context(StepDue due) {
        Contact contact = due.getContact();
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("contact_id", contact.getId());
        context.put("contact_name", String.join(" ", nonNull(contact.getFirstName()), nonNull(contact.getLastName())).trim());
        context.put("company", contact.getCompany());
        context.put("campaign_slug", due.getCampaignSlug());
        context.put("campaign_name", due.getCampaignName());
        context.put("step_number", due.getStep().getStepNumber());
        context.put("total_steps", due.getTotalSteps());
        context.put("content_type", due.getStep().getContentType());
        context.put("goal", due.getGoal());
        context.put("notes", due.getNotes());
        context.put("template_instructions", due.getStep().getTemplateInstructions());
        context.put("requires_personal_send", due.getStep().getRequiresPersonalSend());
        return context;
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }

    private OutboundEvent staged(Draft draft, EventHeader cause) {
        EventHeader header = metadata.causedBy(cause);
        DraftStaged staged = DraftStaged.newBuilder().setHeader(header).setDraftId(draft.id().toString())
                .setEnrollmentId(draft.enrollmentId().toString()).setCampaignSlug(draft.campaignSlug())
                .setStepNumber(draft.stepNumber()).setChannel(draft.channel()).setStatus(draft.status()).build();
        return new OutboundEvent(Topics.DRAFT_STAGED, header, "DraftStaged", staged);
    }
}
