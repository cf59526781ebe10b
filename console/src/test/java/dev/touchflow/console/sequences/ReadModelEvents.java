package dev.touchflow.console.sequences;

import dev.touchflow.platform.kafka.EventCodec;
import dev.touchflow.platform.kafka.EventHeaders;
import dev.touchflow.schemas.common.Contact;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.dispatch.DispatchEvent;
import dev.touchflow.schemas.dispatch.TouchFailed;
import dev.touchflow.schemas.dispatch.TouchSent;
import dev.touchflow.schemas.engagement.Clicked;
import dev.touchflow.schemas.engagement.EngagementEvent;
import dev.touchflow.schemas.engagement.Opened;
import dev.touchflow.schemas.enroll.EnrollContact;
import dev.touchflow.schemas.enrollment.Enrolled;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.enrollment.Exited;
import dev.touchflow.schemas.enrollment.Paused;
import dev.touchflow.schemas.replies.ReplyClassified;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.testkit.KafkaProbe;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The events the console's read model is built from, as the owning services publish them. */
final class ReadModelEvents {

    private final EventCodec codec;
    private final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    private Instant clock = Instant.parse("2026-11-02T09:00:00Z");

    ReadModelEvents(EventCodec codec) {
        this.codec = codec;
    }

    /** Publishes everything added so far, in order, each as its own event. */
    void publish() {
        KafkaProbe.onTestBroker().sendAll(records);
        records.clear();
    }

    /** Publishes the last event added once more, with the same event id: a redelivery. */
    void redeliverLast() {
        records.add(records.get(records.size() - 1));
    }

    void enrolled(String client, String enrollment, String slug, String contact) {
        EventHeader header = header(client, contact);
        add(
                Topics.ENROLLMENT,
                header,
                new EnrollmentEvent(
                        header,
                        Enrolled.newBuilder()
                                .setEnrollmentId(enrollment)
                                .setCampaignSlug(slug)
                                .setCampaignName("Stats fixture")
                                .setCampaignVersion(1)
                                .setContact(Contact.newBuilder()
                                        .setId(contact)
                                        .setEmail(contact + "@acme.example")
                                        .setFirstName("Dana")
                                        .build())
                                .setEnrolledBy("api")
                                .setEnrolledAt(header.getOccurredAt())
                                .setGracePeriodMinutes(0)
                                .setSteps(List.of())
                                .build()));
    }

    void paused(String client, String enrollment, String slug, String contact) {
        EventHeader header = header(client, contact);
        add(Topics.ENROLLMENT, header, new EnrollmentEvent(header, new Paused(enrollment, slug, "reply")));
    }

    void exited(String client, String enrollment, String slug, String contact, String reason) {
        EventHeader header = header(client, contact);
        add(Topics.ENROLLMENT, header, new EnrollmentEvent(header, new Exited(enrollment, slug, 1, reason)));
    }

    /** The exit router enrolling the run's contact in the next campaign. */
    void movedOn(String client, String enrollment, String contact, String next) {
        EventHeader header = header(client, contact);
        add(
                Topics.ENROLL,
                header,
                EnrollContact.newBuilder()
                        .setHeader(header)
                        .setCampaignSlug(next)
                        .setContact(Contact.newBuilder()
                                .setId(contact)
                                .setEmail(contact + "@acme.example")
                                .build())
                        .setEnrolledBy("exit_router")
                        .setPreviousEnrollmentId(enrollment)
                        .build());
    }

    void sent(String client, String send, String enrollment, String slug, int step, String contact) {
        EventHeader header = header(client, contact);
        add(
                Topics.SENT,
                header,
                new DispatchEvent(
                        header,
                        TouchSent.newBuilder()
                                .setSendId(send)
                                .setDraftId(UUID.randomUUID().toString())
                                .setEnrollmentId(enrollment)
                                .setCampaignSlug(slug)
                                .setStepNumber(step)
                                .setChannel("email")
                                .setMessageId(messageId(send))
                                .setToId(contact)
                                .setSubject("A note")
                                .setSentAt(header.getOccurredAt())
                                .build()));
    }

    void failed(String client, String send, String enrollment, String slug, int step, String contact) {
        EventHeader header = header(client, contact);
        add(
                Topics.SENT,
                header,
                new DispatchEvent(
                        header,
                        TouchFailed.newBuilder()
                                .setSendId(send)
                                .setDraftId(UUID.randomUUID().toString())
                                .setEnrollmentId(enrollment)
                                .setStepNumber(step)
                                .setReason("550 5.1.1 user unknown")
                                .setPermanent(true)
                                .setCampaignSlug(slug)
                                .setChannel("email")
                                .build()));
    }

    void opened(String client, String send, String enrollment, String contact, boolean machine) {
        EventHeader header = header(client, contact);
        add(
                Topics.ENGAGEMENT,
                header,
                new EngagementEvent(header, new Opened(send, enrollment, header.getOccurredAt(), machine)));
    }

    void clicked(String client, String send, String enrollment, String contact) {
        EventHeader header = header(client, contact);
        add(
                Topics.ENGAGEMENT,
                header,
                new EngagementEvent(
                        header,
                        new Clicked(send, enrollment, "https://b2bea.example/agenda", header.getOccurredAt(), false)));
    }

    void reply(String client, String reply, String send, String enrollment, String contact, String label, String by) {
        EventHeader header = header(client, contact);
        add(
                Topics.REPLY_CLASSIFIED,
                header,
                ReplyClassified.newBuilder()
                        .setHeader(header)
                        .setReplyId(reply)
                        .setEnrollmentId(enrollment)
                        .setInReplyTo(messageId(send))
                        .setLabel(label)
                        .setConfidence(0.9)
                        .setDecidedBy(by)
                        .build());
    }

    static String messageId(String send) {
        return "<" + send + "@touchflow.local>";
    }

    private EventHeader header(String client, String contact) {
        clock = clock.plusSeconds(60);
        return EventHeader.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(clock)
                .setClientId(client)
                .setContactId(contact)
                .setCorrelationId(UUID.randomUUID().toString())
                .setProducer("fixture")
                .build();
    }

    private void add(String topic, EventHeader header, SpecificRecord event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                topic, header.getClientId() + ":" + header.getContactId(), codec.encode(topic, event));
        record.headers().add(EventHeaders.ID, header.getEventId().getBytes(StandardCharsets.UTF_8));
        records.add(record);
    }
}
