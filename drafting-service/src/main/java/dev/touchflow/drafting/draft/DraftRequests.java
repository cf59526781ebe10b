package dev.touchflow.drafting.draft;

import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.outbox.OutboundEvent;
import dev.touchflow.schemas.common.Contact;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.common.StepSpec;
import dev.touchflow.schemas.drafting.DraftRequested;
import dev.touchflow.schemas.topics.Topics;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The draft request an outside agent is given for a draft it should write; its id is the draft's. */
@Component
class DraftRequests {

    private final EventMetadata metadata;

    DraftRequests(EventMetadata metadata) {
        this.metadata = metadata;
    }

    OutboundEvent request(Draft draft, EventHeader cause) {
        return request(draft, cause, List.of());
    }

    OutboundEvent request(Draft draft, EventHeader cause, List<String> earlierTouches) {
        EventHeader header = cause == null
                ? metadata.header(
                        draft.clientId(),
                        draft.touch().contactId(),
                        draft.touch().correlationId(),
                        null)
                : metadata.causedBy(cause);
        Map<String, Object> inputs = draft.origin().inputs();
        @SuppressWarnings("unchecked")
        Map<String, Object> variables = (Map<String, Object>) inputs.getOrDefault("variables", Map.of());
        StepSpec step = StepSpec.newBuilder()
                .setStepNumber(draft.touch().stepNumber())
                .setDelayMinutes(0)
                .setChannel(draft.touch().channel())
                .setContentType(text(inputs.get("content_type")))
                .setSubjectTemplate(text(inputs.get("subject_template")))
                .setBodyTemplate(text(inputs.get("body_template")))
                .setTemplateInstructions(text(inputs.get("template_instructions")))
                .setRequiresPersonalSend(draft.touch().requiresPersonalSend())
                .build();
        Contact contact = Contact.newBuilder()
                .setId(draft.touch().contactId())
                .setEmail(text(variables.get("email")))
                .setFirstName(text(variables.get("first_name")))
                .setLastName(text(variables.get("last_name")))
                .setCompany(text(variables.get("company")))
                .setTitle(text(variables.get("title")))
                .setLinkedinUrl(text(variables.get("linkedin_url")))
                .build();
        DraftRequested request = DraftRequested.newBuilder()
                .setHeader(header)
                .setRequestId(draft.id().toString())
                .setAgent(draft.origin().madeBy().substring("agent:".length()))
                .setEnrollmentId(draft.touch().enrollmentId().toString())
                .setCampaignSlug(draft.touch().campaignSlug())
                .setCampaignName(text(draft.touch().context().get("campaign_name")))
                .setStep(step)
                .setContact(contact)
                .setGoal(text(draft.touch().context().get("goal")))
                .setNotes(text(draft.touch().context().get("notes")))
                .setEarlierTouches(earlierTouches)
                .setAnswerBy(draft.timing().answerBy())
                .build();
        return new OutboundEvent(Topics.DRAFT_REQUESTED, header, "DraftRequested", request);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
