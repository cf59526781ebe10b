package dev.touchflow.enrollment.command;

import dev.touchflow.enrollment.campaign.ContactDetails;
import dev.touchflow.platform.outbox.OutboundEvent;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.enroll.EnrollContact;
import dev.touchflow.schemas.topics.Topics;
import java.util.List;

/** The enroll command every source writes: the gate, the API, pipeline triggers and the exit router. */
public final class EnrollCommands {

    private EnrollCommands() {}

    public static OutboundEvent enroll(
            EventHeader header,
            String campaignSlug,
            ContactDetails contact,
            String goal,
            String notes,
            String enrolledBy) {
        EnrollContact command = EnrollContact.newBuilder()
                .setHeader(header)
                .setCampaignSlug(campaignSlug)
                .setContact(contact.toAvro())
                .setGoal(goal)
                .setNotes(notes)
                .setEnrolledBy(enrolledBy)
                .setPreviousEnrollmentId(null)
                .setChain(List.of())
                .build();
        return new OutboundEvent(Topics.ENROLL, header, "EnrollContact", command);
    }
}
