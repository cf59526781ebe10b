package dev.touchflow.enrollment.gate;

import dev.touchflow.enrollment.campaign.ContactDetails;
import java.util.List;

/** A booked meeting handed over by an upstream agent: what the gate needs to route it. */
record MeetingBooked(
        String eventId,
        String clientId,
        ContactDetails contact,
        String meetingJson,
        String bookedBy,
        List<String> suggestedCampaigns) {}
