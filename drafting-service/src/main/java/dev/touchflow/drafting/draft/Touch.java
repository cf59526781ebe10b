package dev.touchflow.drafting.draft;

import java.util.Map;
import java.util.UUID;

/**
 * The touch a draft is for: a step of an enrollment, on a channel, to a client's contact.
 *
 * @param toId    the recipient: an email address, a LinkedIn profile, a phone number
 * @param context what the draft may say about the contact and the campaign (its merge variables)
 */
public record Touch(
        UUID enrollmentId,
        int stepNumber,
        String clientId,
        String contactId,
        String correlationId,
        String campaignSlug,
        int campaignVersion,
        String channel,
        String toId,
        boolean requiresPersonalSend,
        Map<String, Object> context) {}
