package dev.touchflow.enrollment.campaign;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Campaigns with their versions and steps. */
@Repository
public class CampaignRepository {

    private static final TypeReference<Map<String, String>> ON_EXIT = new TypeReference<>() {
    };

    private final DatabaseClient db;
    private final JsonMapper json;

    public CampaignRepository(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    public Mono<Boolean> exists(String slug) {
        return db.sql("SELECT 1 FROM campaigns WHERE slug = :slug").bind("slug", slug)
                .map(row -> true).first().defaultIfEmpty(false);
    }

    /** Creates a campaign at version 1; the caller holds the transaction. */
    public Mono<Void> create(CampaignDefinition definition) {
        UUID id = UUID.randomUUID();
        Mono<Long> campaign = db.sql("""
                        INSERT INTO campaigns (id, slug, name, description, client_id, type, owner_role)
                        VALUES (:id, :slug, :name, :description, :clientId, :type, :ownerRole)""")
                .bind("id", id).bind("slug", definition.slug()).bind("name", definition.name())
                .bind("description", Parameter.fromOrEmpty(definition.description(), String.class))
                .bind("clientId", definition.clientId()).bind("type", definition.type())
                .bind("ownerRole", definition.ownerRole())
                .fetch().rowsUpdated();
        Mono<Long> version = db.sql("""
                        INSERT INTO campaign_versions (campaign_id, version, on_exit, grace_period_minutes)
                        VALUES (:id, 1, :onExit, :grace)""")
                .bind("id", id).bind("onExit", Json.of(json.writeValueAsString(definition.onExit())))
                .bind("grace", definition.gracePeriodMinutes())
                .fetch().rowsUpdated();
        Flux<Long> steps = Flux.fromIterable(definition.steps()).concatMap(step -> insertStep(id, 1, step));
        return campaign.then(version).thenMany(steps).then();
    }

    private Mono<Long> insertStep(UUID campaignId, int version, StepDefinition step) {
        return db.sql("""
                        INSERT INTO campaign_steps (campaign_id, version, step_number, delay_minutes, channel, content_type,
                            subject_template, body_template, template_instructions, requires_personal_send)
                        VALUES (:campaignId, :version, :stepNumber, :delay, :channel, :contentType,
                            :subject, :body, :instructions, :personal)""")
                .bind("campaignId", campaignId).bind("version", version).bind("stepNumber", step.stepNumber())
                .bind("delay", step.delayMinutes()).bind("channel", step.channel())
                .bind("contentType", step.contentType()).bind("body", step.bodyTemplate())
                .bind("personal", step.requiresPersonalSend())
                .bind("subject", Parameter.fromOrEmpty(step.subjectTemplate(), String.class))
                .bind("instructions", Parameter.fromOrEmpty(step.templateInstructions(), String.class))
                .fetch().rowsUpdated();
    }

    public Mono<CampaignVersion> currentVersion(String slug) {
        return db.sql("""
                        SELECT c.id, c.slug, c.name, c.client_id, c.status, v.version, v.on_exit, v.grace_period_minutes
                        FROM campaigns c JOIN campaign_versions v ON v.campaign_id = c.id AND v.version = c.current_version
                        WHERE c.slug = :slug""")
                .bind("slug", slug)
                .map(this::toVersion)
                .first()
                .flatMap(this::withSteps);
    }

    public Mono<CampaignVersion> version(UUID campaignId, int version) {
        return db.sql("""
                        SELECT c.id, c.slug, c.name, c.client_id, c.status, v.version, v.on_exit, v.grace_period_minutes
                        FROM campaigns c JOIN campaign_versions v ON v.campaign_id = c.id
                        WHERE c.id = :id AND v.version = :version""")
                .bind("id", campaignId).bind("version", version)
                .map(this::toVersion)
                .first()
                .flatMap(this::withSteps);
    }

    public Flux<CampaignVersion> all() {
        return db.sql("""
                        SELECT c.id, c.slug, c.name, c.client_id, c.status, v.version, v.on_exit, v.grace_period_minutes
                        FROM campaigns c JOIN campaign_versions v ON v.campaign_id = c.id AND v.version = c.current_version
                        ORDER BY c.slug""")
                .map(this::toVersion)
                .all()
                .concatMap(this::withSteps);
    }

    private Mono<CampaignVersion> withSteps(CampaignVersion version) {
        return db.sql("""
                        SELECT step_number, delay_minutes, channel, content_type, subject_template, body_template,
                               template_instructions, requires_personal_send
                        FROM campaign_steps WHERE campaign_id = :id AND version = :version ORDER BY step_number""")
                .bind("id", version.campaignId()).bind("version", version.version())
                .map(row -> new StepDefinition(row.get("step_number", Integer.class), row.get("delay_minutes", Long.class),
                        row.get("channel", String.class), row.get("content_type", String.class),
                        row.get("subject_template", String.class), row.get("body_template", String.class),
                        row.get("template_instructions", String.class), row.get("requires_personal_send", Boolean.class)))
                .all()
                .collectList()
                .map(steps -> new CampaignVersion(version.campaignId(), version.slug(), version.name(), version.clientId(),
                        version.status(), version.version(), version.onExit(), version.gracePeriodMinutes(), steps));
    }

    private CampaignVersion toVersion(Readable row) {
        Map<String, String> onExit = json.readValue(row.get("on_exit", Json.class).asString(), ON_EXIT);
        return new CampaignVersion(row.get("id", UUID.class), row.get("slug", String.class), row.get("name", String.class),
                row.get("client_id", String.class), row.get("status", String.class), row.get("version", Integer.class),
                onExit, row.get("grace_period_minutes", Long.class), List.of());
    }
}
