package dev.touchflow.drafting.draft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.touchflow.drafting.check.CheckResult;
import dev.touchflow.drafting.compose.Composition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** A draft's parts are one flat object in the API; each step of its life keeps what it must. */
class DraftJsonTest {

    private static final Instant NOW = Instant.parse("2026-12-05T09:00:00Z");

    private final JsonMapper json = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    private final Draft drafting = Draft.drafting(
            new Touch(
                    UUID.randomUUID(),
                    1,
                    "acme",
                    "c-1",
                    "corr",
                    "intro",
                    3,
                    "email",
                    "ada@example.com",
                    false,
                    Map.of()),
            new Origin("llm", Map.of("mode", "llm"), Map.of()),
            null,
            NOW);

    @Test
    void aDraftIsOneFlatObject() {
        JsonNode node = json.valueToTree(drafting);

        assertThat(node.propertyNames())
                .containsExactlyInAnyOrder(
                        "id",
                        "enrollment_id",
                        "step_number",
                        "client_id",
                        "contact_id",
                        "correlation_id",
                        "campaign_slug",
                        "campaign_version",
                        "channel",
                        "to_id",
                        "subject",
                        "body",
                        "context",
                        "status",
                        "problems",
                        "checks",
                        "notes",
                        "made_by",
                        "inputs",
                        "made_with",
                        "requires_personal_send",
                        "version",
                        "content_hash",
                        "approved_by",
                        "approved_at",
                        "decided_by",
                        "decided_at",
                        "decision_reason",
                        "expires_at",
                        "answer_by",
                        "created_at",
                        "updated_at");
        assertThat(node.get("status").asString()).isEqualTo("drafting");
    }

    @Test
    void aVersionWithAFailedCheckNeedsAttentionAndOneThatPassesIsPending() {
        Composition composition = new Composition("Hi", "Hello Ada", Set.of(), "llm:small", Map.of(), List.of());
        Instant expires = NOW.plus(Duration.ofDays(1));

        Draft failing = drafting.nextVersion(
                composition,
                List.of(new CheckResult("length", false, "too long"), new CheckResult("spam", true, "none")),
                expires,
                NOW);
        Draft passing = drafting.nextVersion(composition, List.of(), expires, NOW);

        assertThat(failing.status()).isEqualTo(DraftStatus.NEEDS_ATTENTION);
        assertThat(failing.checked().problems()).containsExactly("length: too long");
        assertThat(passing.status()).isEqualTo(DraftStatus.PENDING);
        assertThat(passing.version()).isEqualTo(1);
        assertThat(passing.origin().inputs()).isEqualTo(drafting.origin().inputs());
        assertThat(passing.redrafting("llm", null, NOW).wording()).isEqualTo(passing.wording());
        assertThat(passing.redrafting("llm", null, NOW).status()).isEqualTo(DraftStatus.DRAFTING);
    }
}
