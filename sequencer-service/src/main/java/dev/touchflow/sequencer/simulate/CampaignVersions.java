package dev.touchflow.sequencer.simulate;

import dev.touchflow.platform.kafka.EventCodec;
import dev.touchflow.schemas.campaign.CampaignVersionPublished;
import dev.touchflow.schemas.topics.Topics;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The latest version of every campaign, as enrollment-service publishes them, for simulate. */
@Repository
public class CampaignVersions {

    private final DatabaseClient db;
    private final EventCodec codec;

    CampaignVersions(DatabaseClient db, EventCodec codec) {
        this.db = db;
        this.codec = codec;
    }

    /** Keeps the version unless a later one is known already. */
    public Mono<Void> keep(CampaignVersionPublished version) {
        return db.sql("""
                        INSERT INTO campaign_versions (slug, version, snapshot) VALUES (:slug, :version, :snapshot)
                        ON CONFLICT (slug) DO UPDATE SET version = excluded.version, snapshot = excluded.snapshot
                        WHERE campaign_versions.version <= excluded.version""")
                .bind("slug", version.getSlug())
                .bind("version", version.getVersion())
                .bind("snapshot", codec.encode(Topics.CAMPAIGN_VERSIONS, version))
                .then();
    }

    public Mono<CampaignVersionPublished> latest(String slug) {
        return db.sql("SELECT snapshot FROM campaign_versions WHERE slug = :slug")
                .bind("slug", slug)
                .map(row -> codec.decode(
                        Topics.CAMPAIGN_VERSIONS, row.get("snapshot", byte[].class), CampaignVersionPublished.class))
                .first();
    }
}
