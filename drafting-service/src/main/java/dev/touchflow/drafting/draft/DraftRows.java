package dev.touchflow.drafting.draft;

import dev.touchflow.drafting.check.CheckResult;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** A row of {@code drafts} read back as a {@link Draft}, and the JSON its columns hold. */
@Component
class DraftRows {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
    private static final TypeReference<List<CheckResult>> CHECKS = new TypeReference<>() {};

    private final JsonMapper json;

    DraftRows(JsonMapper json) {
        this.json = json;
    }

    Json json(Object value) {
        return Json.of(json.writeValueAsString(value));
    }

    /** A new draft's columns, by the parameter names of its insert. */
    /** Stores a new draft from {@link #values} unless this enrollment's step has one already. */
    static final String INSERT = """
            INSERT INTO drafts (id, enrollment_id, step_number, client_id, contact_id, correlation_id,
                campaign_slug, campaign_version, channel, to_id, subject, body, context, status, problems,
                checks, notes, made_by, inputs, made_with, requires_personal_send, version, expires_at,
                answer_by, created_at, updated_at, traceparent)
            VALUES (:id, :enrollmentId, :step, :clientId, :contactId, :correlationId, :slug, :version,
                :channel, :toId, :subject, :body, :context, :status, :problems, :checks, :notes, :madeBy,
                :inputs, :madeWith, :personal, :draftVersion, :expiresAt, :answerBy, :at, :at, :traceparent)
            ON CONFLICT (enrollment_id, step_number) DO NOTHING""";

    Map<String, Object> values(Draft draft) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", draft.id());
        values.put("enrollmentId", draft.touch().enrollmentId());
        values.put("step", draft.touch().stepNumber());
        values.put("clientId", draft.clientId());
        values.put("contactId", draft.touch().contactId());
        values.put("correlationId", draft.touch().correlationId());
        values.put("slug", draft.touch().campaignSlug());
        values.put("version", draft.touch().campaignVersion());
        values.put("channel", draft.touch().channel());
        values.put("toId", draft.touch().toId());
        values.put("subject", Parameter.fromOrEmpty(draft.wording().subject(), String.class));
        values.put("body", draft.wording().body());
        values.put("context", json(draft.touch().context()));
        values.put("status", draft.status().wire());
        values.put("problems", draft.checked().problems().toArray(String[]::new));
        values.put("checks", json(draft.checked().checks()));
        values.put("notes", draft.checked().notes().toArray(String[]::new));
        values.put("madeBy", draft.origin().madeBy());
        values.put("inputs", json(draft.origin().inputs()));
        values.put("madeWith", json(draft.origin().madeWith()));
        values.put("personal", draft.touch().requiresPersonalSend());
        values.put("draftVersion", draft.version());
        values.put("expiresAt", Parameter.fromOrEmpty(draft.timing().expiresAt(), Instant.class));
        values.put("answerBy", Parameter.fromOrEmpty(draft.timing().answerBy(), Instant.class));
        values.put("at", draft.timing().createdAt());
        return values;
    }

    Draft draft(Readable row) {
        return new Draft(
                row.get("id", UUID.class),
                new Touch(
                        row.get("enrollment_id", UUID.class),
                        row.get("step_number", Integer.class),
                        row.get("client_id", String.class),
                        row.get("contact_id", String.class),
                        row.get("correlation_id", String.class),
                        row.get("campaign_slug", String.class),
                        row.get("campaign_version", Integer.class),
                        row.get("channel", String.class),
                        row.get("to_id", String.class),
                        row.get("requires_personal_send", Boolean.class),
                        json.readValue(row.get("context", Json.class).asString(), OBJECT)),
                DraftStatus.of(row.get("status", String.class)),
                row.get("version", Integer.class),
                new Wording(row.get("subject", String.class), row.get("body", String.class)),
                new Checked(
                        Arrays.asList(row.get("problems", String[].class)),
                        json.readValue(row.get("checks", Json.class).asString(), CHECKS),
                        Arrays.asList(row.get("notes", String[].class))),
                new Origin(
                        row.get("made_by", String.class),
                        json.readValue(row.get("inputs", Json.class).asString(), OBJECT),
                        json.readValue(row.get("made_with", Json.class).asString(), OBJECT)),
                new Decision(
                        row.get("content_hash", String.class),
                        row.get("approved_by", String.class),
                        row.get("approved_at", Instant.class),
                        row.get("decided_by", String.class),
                        row.get("decided_at", Instant.class),
                        row.get("decision_reason", String.class)),
                new Timing(
                        row.get("expires_at", Instant.class),
                        row.get("answer_by", Instant.class),
                        row.get("created_at", Instant.class),
                        row.get("updated_at", Instant.class)));
    }
}
