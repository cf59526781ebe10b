package dev.touchflow.bench;

import dev.touchflow.platform.ids.TimeOrderedIds;
import dev.touchflow.platform.kafka.EventHeaders;
import dev.touchflow.schemas.common.Contact;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.common.StepSpec;
import dev.touchflow.schemas.enrollment.Enrolled;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.serde.AvroSingleObjectSerializer;
import dev.touchflow.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes Enrolled events to the enrollment topic, the sequencer's one way in, as enrollment-service
 * would: each a two-step enrollment of its own contact (so the daily cap never defers), with an
 * enrollment id made the way enrollment-service makes them ({@link TimeOrderedIds}). Step 1 is due at
 * the enrollment time, which may lie ahead: the sequencer plans it then.
 */
final class EnrollmentPublisher implements AutoCloseable {

    private static final List<StepSpec> STEPS = List.of(step(1, 0), step(2, 7 * 24 * 60));

    private final AvroSingleObjectSerializer serializer = new AvroSingleObjectSerializer();
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    EnrollmentPublisher(String bootstrapServers) {
        producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrapServers, "acks", "all", "linger.ms", 20, "batch.size", 262_144),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    /** Publishes {@code count} enrollments, the i-th enrolled (and its step 1 due) at {@code at.apply(i)}. */
    void publish(String prefix, int count, IntFunction<Instant> at) {
        for (int i = 0; i < count; i++) {
            UUID id = TimeOrderedIds.next();
            String contact = prefix + "-" + i;
            String eventId = UUID.randomUUID().toString();
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                    Topics.ENROLLMENT, "bench:" + contact, event(eventId, id, contact, at.apply(i)));
            EventHeaders.write(record.headers(), EventHeaders.ID, eventId);
            producer.send(record, (metadata, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            });
        }
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("the broker refused an enrollment", failure.get());
        }
    }

    /**
     * Publishes as {@link #publish} does and returns once the sequencer has taken them all in: the rate,
     * from the first send to the last commit of its group.
     */
    double publishTaken(Admin admin, String prefix, int count, IntFunction<Instant> at) throws Exception {
        long publishing = System.nanoTime();
        publish(prefix, count, at);
        SequencerOffsets.awaitEnrollmentsTaken(admin);
        return count / ((System.nanoTime() - publishing) / 1e9);
    }

    /** How far ahead of the due moment an intake ended (negative: late), and its rate. */
    record Intake(long untilDueMillis, double perSecond) {}

    /**
     * Publishes {@code count} enrollments due from a moment far enough ahead for the sequencer to take
     * them all in first (at {@code takeRate}, with room to spare): {@code offset.apply(i)} after it, or
     * at it when null; returns once the sequencer has taken them all in.
     */
    Intake publishAhead(Admin admin, String prefix, int count, IntFunction<Duration> offset, double takeRate)
            throws Exception {
        Instant due = Instant.now().plusMillis((long) (count / takeRate * 1000 * 1.5) + 3000);
        double perSecond = publishTaken(admin, prefix, count, i -> {
            Duration after = offset.apply(i);
            return after == null ? due : due.plus(after);
        });
        long untilDue = Duration.between(Instant.now(), due).toMillis();
        System.err.printf(
                "%s: %d enrollments taken in at %.0f/s, %d ms before due%n", prefix, count, perSecond, untilDue);
        return new Intake(untilDue, perSecond);
    }

    @Override
    public void close() {
        producer.close();
    }

    private byte[] event(String eventId, UUID id, String contact, Instant enrolledAt) {
        EventHeader header = EventHeader.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(enrolledAt)
                .setClientId("bench")
                .setContactId(contact)
                .setCorrelationId(contact)
                .setCausationId(null)
                .setProducer("bench")
                .build();
        Enrolled enrolled = Enrolled.newBuilder()
                .setEnrollmentId(id.toString())
                .setCampaignSlug("bench_campaign")
                .setCampaignName("Bench")
                .setCampaignVersion(1)
                .setContact(Contact.newBuilder()
                        .setId(contact)
                        .setEmail(contact + "@bench.example")
                        .setFirstName("B")
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
                .setSteps(STEPS)
                .setTimezone("UTC")
                .setSchedule(null)
                .build();
        return serializer.serialize(
                Topics.ENROLLMENT,
                EnrollmentEvent.newBuilder()
                        .setHeader(header)
                        .setPayload(enrolled)
                        .build());
    }

    private static StepSpec step(int number, long minutes) {
        return StepSpec.newBuilder()
                .setStepNumber(number)
                .setDelayMinutes(minutes)
                .setChannel("email")
                .setContentType("follow_up")
                .setSubjectTemplate("s")
                .setBodyTemplate("b")
                .setTemplateInstructions(null)
                .setRequiresPersonalSend(false)
                .build();
    }
}
