package dev.touchflow.dispatch.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** A send's parts are one flat object in the API, with its status spelled as the table spells it. */
class SendJsonTest {

    private final JsonMapper json = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    @Test
    void aSendIsOneFlatObject() {
        Instant at = Instant.parse("2026-12-05T09:00:00Z");
        Send send = new Send(
                UUID.randomUUID(),
                new Touch(UUID.randomUUID(), UUID.randomUUID(), 2, "email", "acme", "c-1", "corr", "intro"),
                new Content("ada@example.com", "Ada", "Hello", "Hi Ada", "hash"),
                new Decision("rep@acme.example", false, null),
                Progress.queued(true, at),
                Envelope.unsent(true).leaving("rep", "rep@acme.example", "<m@x>", null, null, true),
                at);

        JsonNode node = json.valueToTree(send);

        assertThat(node.propertyNames())
                .containsExactlyInAnyOrder(
                        "id",
                        "draft_id",
                        "enrollment_id",
                        "step_number",
                        "channel",
                        "client_id",
                        "contact_id",
                        "correlation_id",
                        "campaign_slug",
                        "to_id",
                        "contact_name",
                        "subject",
                        "body",
                        "content_hash",
                        "approved_by",
                        "requires_personal_send",
                        "done_by",
                        "status",
                        "attempts",
                        "last_error",
                        "not_before",
                        "undo_until",
                        "sent_at",
                        "mailbox",
                        "from_address",
                        "message_id",
                        "provider_message_id",
                        "in_reply_to",
                        "thread_refs",
                        "tracked",
                        "new_thread",
                        "created_at");
        assertThat(node.get("status").asString()).isEqualTo("pending");
        assertThat(node.get("new_thread").asBoolean()).isTrue();
        assertThat(node.get("mailbox").asString()).isEqualTo("rep");
    }

    @Test
    void anApprovalThatMustBeSentPersonallyIsATask() {
        assertThat(Progress.queued(false, Instant.EPOCH).status()).isEqualTo(SendStatus.TASK);
        assertThat(SendStatus.of("unknown")).isEqualTo(SendStatus.UNKNOWN);
    }
}
