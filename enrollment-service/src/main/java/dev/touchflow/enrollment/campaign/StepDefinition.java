package dev.touchflow.enrollment.campaign;

import dev.touchflow.platform.web.SingleLine;
import dev.touchflow.schemas.common.StepSpec;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * One step of a campaign: when (a delay from enrollment), on which channel, and what to write. An
 * email step replies in the enrollment's thread unless it asks for a new one ({@code new_thread}).
 */
public record StepDefinition(
        @Min(1) int stepNumber,
        @Min(value = 0, message = "must not be negative") long delayMinutes,

        @NotNull
        @Pattern(regexp = "email|linkedin|sms|call|task", message = "must be one of email, linkedin, sms, call, task")
        String channel,

        @NotBlank String contentType,

        @SingleLine @Size(max = 1000) String subjectTemplate,

        @NotBlank String bodyTemplate,
        String templateInstructions,
        String condition,
        boolean requiresPersonalSend,
        boolean newThread) {

    public StepSpec toSpec() {
        return StepSpec.newBuilder()
                .setStepNumber(stepNumber)
                .setDelayMinutes(delayMinutes)
                .setChannel(channel)
                .setContentType(contentType)
                .setSubjectTemplate(subjectTemplate)
                .setBodyTemplate(bodyTemplate)
                .setTemplateInstructions(templateInstructions)
                .setRequiresPersonalSend(requiresPersonalSend)
                .setNewThread(newThread)
                .build();
    }

    StepDefinition renumbered(int number) {
        return new StepDefinition(
                number,
                delayMinutes,
                channel,
                contentType,
                subjectTemplate,
                bodyTemplate,
                templateInstructions,
                condition,
                requiresPersonalSend,
                newThread);
    }
}
