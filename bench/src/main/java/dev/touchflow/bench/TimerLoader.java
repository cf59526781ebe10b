package dev.touchflow.bench;

import dev.touchflow.platform.ids.TimeOrderedIds;
import dev.touchflow.schemas.common.Contact;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.common.StepSpec;
import dev.touchflow.schemas.enrollment.Enrolled;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.serde.AvroSingleObjectSerializer;
import dev.touchflow.schemas.topics.Topics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Writes timers straight into the sequencer's table, as many Enrolled events would have: each a
 * two-step enrollment of its own contact (so the daily cap never defers), with its own snapshot and
 * an enrollment id made the way enrollment-service makes them ({@link TimeOrderedIds}).
 */
final class TimerLoader {

    private static final List<StepSpec> STEPS = List.of(step(1, 0), step(2, 7 * 24 * 60));
    private static final int BATCH = 5000;

    private final AvroSingleObjectSerializer serializer = new AvroSingleObjectSerializer();

    /** Inserts {@code count} timers for step 1, due at {@code due.apply(i)}, with the given status. */
    void load(Connection connection, String prefix, int count, IntFunction<Instant> due, String status)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO timers (enrollment_id, client_id, contact_id, campaign_slug, enrolled_at, next_step, total_steps,
                    fire_at, planned_at, status, grace_period_minutes, snapshot, updated_at)
                VALUES (?, 'bench', ?, 'bench_campaign', ?, 1, 2, ?, ?, ?, 4320, ?, now())""")) {
            for (int i = 0; i < count; i++) {
                UUID id = TimeOrderedIds.next();
                String contact = prefix + "-" + i;
                Instant at = due.apply(i);
                insert.setObject(1, id);
                insert.setString(2, contact);
                insert.setTimestamp(3, Timestamp.from(at));
                insert.setTimestamp(4, Timestamp.from(at));
                insert.setTimestamp(5, Timestamp.from(at));
                insert.setString(6, status);
                insert.setBytes(7, snapshot(id, contact, at));
                insert.addBatch();
                if ((i + 1) % BATCH == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
    }

    private byte[] snapshot(UUID id, String contact, Instant enrolledAt) {
        EventHeader header = EventHeader.newBuilder()
                .setEventId(UUID.randomUUID().toString())
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
