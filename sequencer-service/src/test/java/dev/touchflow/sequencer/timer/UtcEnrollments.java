package dev.touchflow.sequencer.timer;

import dev.touchflow.schemas.common.Contact;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.common.StepSpec;
import dev.touchflow.schemas.enrollment.Enrolled;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Enrollments of b2bea's contacts in UTC, with no schedule of their own, as the timer tests start them. */
final class UtcEnrollments {

    private UtcEnrollments() {}

    static EnrollmentEvent enrolled(
            UUID enrollment, String contact, String campaignSlug, Instant enrolledAt, List<StepSpec> steps) {
        EventHeader header = EventHeader.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(enrolledAt)
                .setClientId("b2bea")
                .setContactId(contact)
                .setCorrelationId(contact)
                .setCausationId(null)
                .setProducer("test")
                .build();
        return EnrollmentEvent.newBuilder()
                .setHeader(header)
                .setPayload(Enrolled.newBuilder()
                        .setEnrollmentId(enrollment.toString())
                        .setCampaignSlug(campaignSlug)
                        .setCampaignName(campaignSlug)
                        .setCampaignVersion(1)
                        .setContact(Contact.newBuilder()
                                .setId(contact)
                                .setEmail(contact + "@example.com")
                                .setFirstName("T")
                                .setLastName(null)
                                .setCompany(null)
                                .setTitle(null)
                                .setLinkedinUrl(null)
                                .setTimezone("UTC")
                                .build())
                        .setGoal(null)
                        .setNotes(null)
                        .setEnrolledBy("api")
                        .setEnrolledAt(enrolledAt)
                        .setGracePeriodMinutes(4320)
                        .setSteps(steps)
                        .setTimezone("UTC")
                        .setSchedule(null)
                        .build())
                .build();
    }
}
