package dev.touchflow.enrollment.campaign;

import io.r2dbc.postgresql.codec.Json;
import java.time.Instant;
import java.time.LocalTime;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Writes a campaign and each of its versions, with their steps; the caller holds the transaction. */
@Repository
class CampaignStore {

    private final DatabaseClient db;
    private final JsonMapper json;

    CampaignStore(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /** Creates a campaign at version 1; the caller holds the transaction. */
    Mono<UUID> create(CampaignDefinition definition, Instant at) {
        UUID id = UUID.randomUUID();
        return db.sql("""
                        INSERT INTO campaigns (id, slug, name, description, client_id, type, owner_role, trigger_stage,
                            current_version, created_at, updated_at)
                        VALUES (:id, :slug, :name, :description, :clientId, :type, :ownerRole, :trigger, 1, :at, :at)""")
                .bind("id", id)
                .bind("slug", definition.slug())
                .bind("name", definition.name())
                .bind("description", Parameter.fromOrEmpty(definition.description(), String.class))
                .bind("clientId", definition.clientId())
                .bind("type", definition.type())
                .bind("ownerRole", definition.ownerRole())
                .bind("trigger", Parameter.fromOrEmpty(definition.triggerStage(), String.class))
                .bind("at", at)
                .then()
                .then(insertVersion(id, 1, definition, at))
                .thenReturn(id);
    }

    /** Writes the definition as the campaign's next version and makes it current; returns the version. */
    Mono<Integer> addVersion(UUID campaignId, CampaignDefinition definition, Instant at) {
        return db.sql("""
                        UPDATE campaigns SET current_version = current_version + 1, name = :name, description = :description,
                            type = :type, owner_role = :ownerRole, trigger_stage = :trigger, updated_at = :at
                        WHERE id = :id RETURNING current_version""")
                .bind("id", campaignId)
                .bind("name", definition.name())
                .bind("description", Parameter.fromOrEmpty(definition.description(), String.class))
                .bind("type", definition.type())
                .bind("ownerRole", definition.ownerRole())
                .bind("trigger", Parameter.fromOrEmpty(definition.triggerStage(), String.class))
                .bind("at", at)
                .map(row -> row.get("current_version", Integer.class))
                .one()
                .flatMap(version ->
                        insertVersion(campaignId, version, definition, at).thenReturn(version));
    }

    Mono<Boolean> setStatus(UUID campaignId, String status, Instant at) {
        return db.sql("UPDATE campaigns SET status = :status, updated_at = :at WHERE id = :id AND status <> :status")
                .bind("id", campaignId)
                .bind("status", status)
                .bind("at", at)
                .fetch()
                .rowsUpdated()
                .map(updated -> updated == 1);
    }

    private Mono<Void> insertVersion(UUID campaignId, int version, CampaignDefinition definition, Instant at) {
        Schedule schedule = definition.schedule();
        Mono<Void> row = db.sql("""
                        INSERT INTO campaign_versions (campaign_id, version, on_exit, grace_period_minutes, business_days_only,
                            holiday_calendar, window_start, window_end, drafting_mode, drafting_agent,
                            approval_window_minutes, account_stop, created_at)
                        VALUES (:id, :version, :onExit, :grace, :businessDays, :calendar, :windowStart, :windowEnd,
                            :draftingMode, :draftingAgent, :approvalWindow, :accountStop, :at)""")
                .bind("id", campaignId)
                .bind("version", version)
                .bind("onExit", Json.of(json.writeValueAsString(definition.onExit())))
                .bind("grace", definition.gracePeriodMinutes())
                .bind("businessDays", schedule != null && schedule.businessDaysOnly())
                .bind(
                        "calendar",
                        Parameter.fromOrEmpty(schedule == null ? null : schedule.holidayCalendar(), String.class))
                .bind(
                        "windowStart",
                        Parameter.fromOrEmpty(time(schedule == null ? null : schedule.windowStart()), LocalTime.class))
                .bind(
                        "windowEnd",
                        Parameter.fromOrEmpty(time(schedule == null ? null : schedule.windowEnd()), LocalTime.class))
                .bind("draftingMode", definition.drafting().mode())
                .bind(
                        "draftingAgent",
                        Parameter.fromOrEmpty(definition.drafting().agent(), String.class))
                .bind(
                        "approvalWindow",
                        Parameter.fromOrEmpty(definition.drafting().approvalWindowMinutes(), Long.class))
                .bind("accountStop", definition.accountStop())
                .bind("at", at)
                .then();
        return row.thenMany(
                        Flux.fromIterable(definition.steps()).concatMap(step -> insertStep(campaignId, version, step)))
                .then();
    }

    private Mono<Long> insertStep(UUID campaignId, int version, StepDefinition step) {
        return db.sql("""
                        INSERT INTO campaign_steps (campaign_id, version, step_number, delay_minutes, channel, content_type,
                            subject_template, body_template, template_instructions, condition, requires_personal_send,
                            new_thread)
                        VALUES (:campaignId, :version, :stepNumber, :delay, :channel, :contentType,
                            :subject, :body, :instructions, :condition, :personal, :newThread)""")
                .bind("campaignId", campaignId)
                .bind("version", version)
                .bind("stepNumber", step.stepNumber())
                .bind("delay", step.delayMinutes())
                .bind("channel", step.channel())
                .bind("contentType", step.contentType())
                .bind("body", step.bodyTemplate())
                .bind("personal", step.requiresPersonalSend())
                .bind("newThread", step.newThread())
                .bind("subject", Parameter.fromOrEmpty(step.subjectTemplate(), String.class))
                .bind("instructions", Parameter.fromOrEmpty(step.templateInstructions(), String.class))
                .bind("condition", Parameter.fromOrEmpty(step.condition(), String.class))
                .fetch()
                .rowsUpdated();
    }

    private static LocalTime time(String value) {
        return value == null ? null : LocalTime.parse(value);
    }
}
