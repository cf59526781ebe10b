package dev.touchflow.drafting.compose;

import dev.touchflow.drafting.config.DraftingProperties;
import dev.touchflow.schemas.common.Contact;
import dev.touchflow.schemas.common.DraftingPolicy;
import dev.touchflow.schemas.common.StepSpec;
import dev.touchflow.schemas.sequencer.StepDue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything a draft is made from, kept on the draft so a person can see it and a regeneration
 * or a fallback can start again from the same inputs.
 *
 * @param variables the merge variables: the contact's attributes, the goal and gate notes, the sender, the campaign
 */
public record DraftInputs(
        String channel,
        String contentType,
        String subjectTemplate,
        String bodyTemplate,
        String templateInstructions,
        Map<String, Object> variables,
        String mode,
        String agent,
        Long approvalWindowMinutes) {

    public static DraftInputs of(StepDue due, DraftingProperties properties) {
        StepSpec step = due.getStep();
        DraftingPolicy policy = due.getDrafting();
        return new DraftInputs(
                step.getChannel(),
                step.getContentType(),
                step.getSubjectTemplate(),
                step.getBodyTemplate(),
                step.getTemplateInstructions(),
                variables(due, properties),
                policy == null ? "template" : policy.getMode(),
                policy == null ? null : policy.getAgent(),
                policy == null ? null : policy.getApprovalWindowMinutes());
    }

    private static Map<String, Object> variables(StepDue due, DraftingProperties properties) {
        Contact contact = due.getContact();
        DraftingProperties.Sender sender =
                properties.senders().get(due.getHeader().getClientId());
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("first_name", contact.getFirstName());
        variables.put("last_name", contact.getLastName());
        variables.put("company", contact.getCompany());
        variables.put("title", contact.getTitle());
        variables.put("email", contact.getEmail());
        variables.put("linkedin_url", contact.getLinkedinUrl());
        variables.put("goal", due.getGoal() == null ? null : due.getGoal().replace('_', ' '));
        variables.put("notes", due.getNotes());
        variables.put("campaign_name", due.getCampaignName());
        variables.put("sender_name", sender == null ? null : sender.name());
        variables.put("sender_signature", sender == null ? null : sender.signature());
        return variables;
    }

    public Object variable(String name) {
        return variables.get(name);
    }
}
