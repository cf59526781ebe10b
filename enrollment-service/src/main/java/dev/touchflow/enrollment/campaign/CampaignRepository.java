package dev.touchflow.enrollment.campaign;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Campaigns with their versions and steps. A version, once written, never changes. */
@Repository
public class CampaignRepository {

    private static final TypeReference<Map<String, String>> ON_EXIT = new TypeReference<>() {};
    private static final String SELECT = """
            SELECT c.id, c.slug, c.name, c.description, c.client_id, cl.timezone AS client_timezone, c.type, c.owner_role,
                   c.status, c.trigger_stage, v.version, v.on_exit, v.grace_period_minutes, v.business_days_only,
                   v.holiday_calendar, v.window_start, v.window_end, v.drafting_mode, v.drafting_agent,
                   v.approval_window_minutes, v.account_stop
            FROM campaigns c JOIN clients cl ON cl.id = c.client_id JOIN campaign_versions v ON v.campaign_id = c.id""";

    private final DatabaseClient db;
    private final JsonMapper json;

    public CampaignRepository(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    public Mono<Boolean> exists(String slug) {
        return db.sql("SELECT 1 FROM campaigns WHERE slug = :slug")
                .bind("slug", slug)
                .map(row -> true)
                .first()
                .defaultIfEmpty(false);
    }

    public Mono<CampaignVersion> currentVersion(String slug) {
        return db.sql(SELECT + " WHERE c.slug = :slug AND v.version = c.current_version")
                .bind("slug", slug)
                .map(this::toVersion)
                .first()
                .flatMap(this::withSteps);
    }

    public Mono<CampaignVersion> version(UUID campaignId, int version) {
        return db.sql(SELECT + " WHERE c.id = :id AND v.version = :version")
                .bind("id", campaignId)
                .bind("version", version)
                .map(this::toVersion)
                .first()
                .flatMap(this::withSteps);
    }

    public Flux<CampaignVersion> all(String status) {
        String where = status == null ? "" : " AND c.status = :status";
        DatabaseClient.GenericExecuteSpec spec =
                db.sql(SELECT + " WHERE v.version = c.current_version" + where + " ORDER BY c.slug");
        return (status == null ? spec : spec.bind("status", status))
                .map(this::toVersion)
                .all()
                .collectList()
                .flatMapIterable(versions -> versions)
                .concatMap(this::withSteps);
    }

    /**
     * Active campaigns with a trigger stage, at their current version, without their steps: what
     * pipeline triggers need, in one query.
     */
    public Flux<CampaignVersion> triggered() {
        return db.sql(SELECT + " WHERE v.version = c.current_version AND c.status = 'active'"
                        + " AND c.trigger_stage IS NOT NULL ORDER BY c.slug")
                .map(this::toVersion)
                .all();
    }

    /** Where each campaign's current version sends an exit, by slug and reason: the graph exit routing walks. */
    public Mono<Map<String, Map<String, String>>> exitRoutes() {
        return db.sql("""
                        SELECT c.slug, v.on_exit FROM campaigns c
                        JOIN campaign_versions v ON v.campaign_id = c.id AND v.version = c.current_version""")
                .map(row -> Map.entry(
                        row.get("slug", String.class),
                        json.readValue(row.get("on_exit", Json.class).asString(), ON_EXIT)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    private Mono<CampaignVersion> withSteps(CampaignVersion version) {
        return db.sql("""
                        SELECT step_number, delay_minutes, channel, content_type, subject_template, body_template,
                               template_instructions, condition, requires_personal_send, new_thread
                        FROM campaign_steps WHERE campaign_id = :id AND version = :version ORDER BY step_number""")
                .bind("id", version.campaignId())
                .bind("version", version.version())
                .map(row -> new StepDefinition(
                        row.get("step_number", Integer.class),
                        row.get("delay_minutes", Long.class),
                        row.get("channel", String.class),
                        row.get("content_type", String.class),
                        row.get("subject_template", String.class),
                        row.get("body_template", String.class),
                        row.get("template_instructions", String.class),
                        row.get("condition", String.class),
                        row.get("requires_personal_send", Boolean.class),
                        row.get("new_thread", Boolean.class)))
                .all()
                .collectList()
                .map(version::withSteps);
    }

    private CampaignVersion toVersion(Readable row) {
        Map<String, String> onExit =
                json.readValue(row.get("on_exit", Json.class).asString(), ON_EXIT);
        LocalTime windowStart = row.get("window_start", LocalTime.class);
        LocalTime windowEnd = row.get("window_end", LocalTime.class);
        boolean businessDays = Boolean.TRUE.equals(row.get("business_days_only", Boolean.class));
        String calendar = row.get("holiday_calendar", String.class);
        Schedule schedule = !businessDays && calendar == null && windowStart == null
                ? null
                : new Schedule(businessDays, calendar, text(windowStart), text(windowEnd));
        DraftingSetup drafting = new DraftingSetup(
                row.get("drafting_mode", String.class),
                row.get("drafting_agent", String.class),
                row.get("approval_window_minutes", Long.class));
        return new CampaignVersion(
                row.get("id", UUID.class),
                row.get("slug", String.class),
                row.get("name", String.class),
                row.get("description", String.class),
                row.get("client_id", String.class),
                row.get("client_timezone", String.class),
                row.get("type", String.class),
                row.get("owner_role", String.class),
                row.get("status", String.class),
                row.get("trigger_stage", String.class),
                row.get("version", Integer.class),
                onExit,
                row.get("grace_period_minutes", Long.class),
                schedule,
                drafting,
                Boolean.TRUE.equals(row.get("account_stop", Boolean.class)),
                List.of());
    }

    private static String text(LocalTime value) {
        return value == null ? null : String.format("%02d:%02d", value.getHour(), value.getMinute());
    }
}
