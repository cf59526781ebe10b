package dev.touchflow.sequencer;

import dev.touchflow.platform.kafka.EventHeaders;
import dev.touchflow.schemas.campaign.CampaignVersionPublished;
import dev.touchflow.schemas.common.Contact;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.common.SchedulePolicy;
import dev.touchflow.schemas.common.StepSpec;
import dev.touchflow.schemas.enrollment.Enrolled;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.enrollment.Paused;
import dev.touchflow.schemas.enrollment.Resumed;
import dev.touchflow.schemas.replies.ReplyClassified;
import dev.touchflow.schemas.serde.AvroSingleObjectSerializer;
import dev.touchflow.schemas.topics.Topics;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The events other services send the sequencer, as records ready to publish. */
final class SequencerEvents {

    static final SchedulePolicy OFFICE_HOURS = SchedulePolicy.newBuilder()
            .setBusinessDaysOnly(true)
            .setHolidayCalendar("b2bea")
            .setWindowStart("08:00")
            .setWindowEnd("18:00")
            .build();

    private SequencerEvents() {}

    static ProducerRecord<String, byte[]> enrolled(
            String contact, String enrollmentId, Instant at, SchedulePolicy policy, long... days) {
        List<StepSpec> steps = EmailSteps.daysAfter(days);
        Enrolled enrolled = Enrolled.newBuilder()
                .setEnrollmentId(enrollmentId)
                .setCampaignSlug("it_campaign")
                .setCampaignName("IT")
                .setCampaignVersion(1)
                .setContact(contact(contact))
                .setGoal(null)
                .setNotes(null)
                .setEnrolledBy("api")
                .setEnrolledAt(at)
                .setGracePeriodMinutes(3 * 1440)
                .setSteps(steps)
                .setTimezone("America/New_York")
                .setSchedule(policy)
                .build();
        return envelope(contact, enrolled);
    }

    static ProducerRecord<String, byte[]> paused(String contact, String enrollmentId) {
        return envelope(
                contact,
                Paused.newBuilder()
                        .setEnrollmentId(enrollmentId)
                        .setCampaignSlug("it_campaign")
                        .setReason("asked to wait")
                        .build());
    }

    static ProducerRecord<String, byte[]> resumed(String contact, String enrollmentId) {
        return envelope(
                contact,
                Resumed.newBuilder()
                        .setEnrollmentId(enrollmentId)
                        .setCampaignSlug("it_campaign")
                        .build());
    }

    static ProducerRecord<String, byte[]> outOfOffice(String contact, String enrollmentId, LocalDate returns) {
        EventHeader header = header(contact);
        return record(
                Topics.REPLY_CLASSIFIED,
                "b2bea:" + contact,
                header.getEventId(),
                ReplyClassified.newBuilder()
                        .setHeader(header)
                        .setReplyId(UUID.randomUUID().toString())
                        .setEnrollmentId(enrollmentId)
                        .setInReplyTo(null)
                        .setLabel("out_of_office")
                        .setConfidence(0.99)
                        .setReturnDate(returns)
                        .setReferralEmail(null)
                        .setDecidedBy("rules")
                        .setCorrectsEventId(null)
                        .build());
    }

    static ProducerRecord<String, byte[]> campaignVersion(String slug, SchedulePolicy policy, long... days) {
        EventHeader header = header("");
        List<StepSpec> steps = EmailSteps.daysAfter(days);
        return record(
                Topics.CAMPAIGN_VERSIONS,
                slug,
                header.getEventId(),
                CampaignVersionPublished.newBuilder()
                        .setHeader(header)
                        .setSlug(slug)
                        .setName(slug)
                        .setClientId("b2bea")
                        .setVersion(1)
                        .setStatus("active")
                        .setClientTimezone("America/New_York")
                        .setGracePeriodMinutes(3 * 1440)
                        .setSchedule(policy)
                        .setSteps(steps)
                        .build());
    }

    private static ProducerRecord<String, byte[]> envelope(String contact, SpecificRecord payload) {
        EventHeader header = header(contact);
        return record(
                Topics.ENROLLMENT,
                "b2bea:" + contact,
                header.getEventId(),
                EnrollmentEvent.newBuilder()
                        .setHeader(header)
                        .setPayload(payload)
                        .build());
    }

    private static ProducerRecord<String, byte[]> record(
            String topic, String key, String eventId, SpecificRecord value) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(topic, key, new AvroSingleObjectSerializer().serialize(topic, value));
        EventHeaders.write(record.headers(), EventHeaders.ID, eventId);
        return record;
    }

    private static EventHeader header(String contact) {
        return EventHeader.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now())
                .setClientId("b2bea")
                .setContactId(contact)
                .setCorrelationId("corr-" + contact)
                .setCausationId(null)
                .setProducer("enrollment-service")
                .build();
    }

    private static Contact contact(String id) {
        return Contact.newBuilder()
                .setId(id)
                .setEmail(id + "@acme.example")
                .setFirstName("Dana")
                .setLastName(null)
                .setCompany("Acme")
                .setTitle(null)
                .setLinkedinUrl(null)
                .setTimezone("America/New_York")
                .build();
    }
}
