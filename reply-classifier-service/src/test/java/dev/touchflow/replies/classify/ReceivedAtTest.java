package dev.touchflow.replies.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.touchflow.replies.inbound.InboundEmail;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

class ReceivedAtTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void readsTheWaysMessagesAndProvidersWriteWhenAMessageCame() {
        assertThat(ReceivedAt.instant("2026-06-02T12:00:00+02:00")).isEqualTo(Instant.parse("2026-06-02T10:00:00Z"));
        assertThat(ReceivedAt.instant("2026-06-02T10:00:00")).isEqualTo(Instant.parse("2026-06-02T10:00:00Z"));
        assertThat(ReceivedAt.instant("2026-06-02")).isEqualTo(Instant.parse("2026-06-02T00:00:00Z"));
        assertThat(ReceivedAt.instant("Tue, 2 Jun 2026 12:00:00 +0200"))
                .isEqualTo(Instant.parse("2026-06-02T10:00:00Z"));
        assertThat(ReceivedAt.instant("Tue, 2 Jun 2026 10:00:00 +0000 (UTC)"))
                .isEqualTo(Instant.parse("2026-06-02T10:00:00Z"));
        assertThatThrownBy(() -> ReceivedAt.instant("yesterday")).hasMessageContaining("yesterday");
    }

    @Test
    void aWebhookDateWithoutAZoneIsTakenAsUtcAndANonsenseOneIsRefusedNamingIt() {
        InboundEmail zoneless = json.readValue("""
                {"from": "dana@acme.example", "date": "2026-06-02T10:00:00", "text": "Please remove me."}""", InboundEmail.class);
        InboundEmail mailDate = json.readValue("""
                {"from": "dana@acme.example", "date": "Tue, 2 Jun 2026 12:00:00 +0200", "text": "Thanks"}""", InboundEmail.class);

        assertThat(zoneless.date()).isEqualTo(Instant.parse("2026-06-02T10:00:00Z"));
        assertThat(mailDate.date()).isEqualTo(Instant.parse("2026-06-02T10:00:00Z"));
        assertThatThrownBy(() -> json.readValue("""
                {"from": "dana@acme.example", "date": "soon"}""", InboundEmail.class))
                .isInstanceOf(DatabindException.class)
                .hasMessageContaining("soon");
    }
}
