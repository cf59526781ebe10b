package dev.touchflow.dispatch.send;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;

/** A row of the send queue as a {@link Send}. */
final class SendRows {

    private SendRows() {}

    static DeliveryState.MaybeSent toMaybeSent(Readable row) {
        return new DeliveryState.MaybeSent(toSend(row), row.get("claimed_at", Instant.class));
    }

    static Send toSend(Readable row) {
        return new Send(
                row.get("id", UUID.class),
                new Touch(
                        row.get("draft_id", UUID.class),
                        row.get("enrollment_id", UUID.class),
                        row.get("step_number", Integer.class),
                        row.get("channel", String.class),
                        row.get("client_id", String.class),
                        row.get("contact_id", String.class),
                        row.get("correlation_id", String.class),
                        row.get("campaign_slug", String.class)),
                new Content(
                        row.get("to_id", String.class),
                        row.get("contact_name", String.class),
                        row.get("subject", String.class),
                        row.get("body", String.class),
                        row.get("content_hash", String.class)),
                new Decision(
                        row.get("approved_by", String.class),
                        row.get("requires_personal_send", Boolean.class),
                        row.get("done_by", String.class)),
                new Progress(
                        SendStatus.of(row.get("status", String.class)),
                        row.get("attempts", Integer.class),
                        row.get("last_error", String.class),
                        row.get("not_before", Instant.class),
                        row.get("undo_until", Instant.class),
                        row.get("sent_at", Instant.class)),
                new Envelope(
                        row.get("mailbox", String.class),
                        row.get("from_address", String.class),
                        row.get("message_id", String.class),
                        row.get("provider_message_id", String.class),
                        row.get("in_reply_to", String.class),
                        row.get("thread_refs", String.class),
                        Boolean.TRUE.equals(row.get("tracked", Boolean.class)),
                        Boolean.TRUE.equals(row.get("new_thread", Boolean.class))),
                row.get("created_at", Instant.class),
                row.get("traceparent", String.class));
    }
}
