package dev.touchflow.sequencer.timer;

import dev.touchflow.platform.kafka.EventCodec;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.topics.Topics;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code timers} read back as a {@link Timer}. */
final class TimerRows {

    /** The columns {@link #timer} reads. */
    static final String COLUMNS = "enrollment_id, client_id, contact_id, status, next_step, fire_at, planned_at, "
            + "enrolled_at, campaign_slug, snapshot, ctid::text AS row_address, traceparent";

    private TimerRows() {}

    static Timer timer(Readable row, EventCodec codec) {
        return new Timer(
                row.get("enrollment_id", UUID.class),
                row.get("client_id", String.class),
                row.get("contact_id", String.class),
                row.get("status", String.class),
                row.get("next_step", Integer.class),
                new Timer.Key(
                        row.get("fire_at", Instant.class),
                        row.get("planned_at", Instant.class),
                        row.get("enrolled_at", Instant.class),
                        row.get("campaign_slug", String.class),
                        row.get("enrollment_id", UUID.class)),
                codec.decode(Topics.ENROLLMENT, row.get("snapshot", byte[].class), EnrollmentEvent.class),
                row.get("row_address", String.class),
                row.get("traceparent", String.class));
    }
}
