package dev.touchflow.drafting.draft;

import dev.touchflow.platform.r2dbc.SqlParameters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;

/** Drafts waiting on time, an LLM or an agent: expired, leased to a worker, listed as an agent's tasks. */
@Repository
class WaitingDrafts {

    private final DatabaseClient db;
    private final DraftRows rows;

    WaitingDrafts(DatabaseClient db, DraftRows rows) {
        this.db = db;
        this.rows = rows;
    }

    /** Expires the drafts whose approval window has passed; returns them. */
    Flux<Draft> expireDue(Instant now, int limit) {
        return db.sql("""
                        UPDATE drafts SET status = 'expired', decided_at = :now, updated_at = :now,
                            decision_reason = 'not decided within the approval window'
                        WHERE id IN (SELECT id FROM drafts WHERE status IN ('pending', 'needs_attention')
                                     AND expires_at <= :now ORDER BY expires_at LIMIT :limit FOR UPDATE SKIP LOCKED)
                        RETURNING *""")
                .bind("now", now)
                .bind("limit", limit)
                .map(rows::draft)
                .all();
    }

    /**
     * Leases drafts an LLM should write, or whose agent did not answer in time, to this worker
     * for a while; another worker skips them until the lease runs out.
     */
    Flux<Draft> leaseDrafting(Instant now, Duration lease, int limit) {
        return db.sql("""
                        UPDATE drafts SET lease_until = :until
                        WHERE id IN (SELECT id FROM drafts WHERE status = 'drafting'
                                       AND (lease_until IS NULL OR lease_until <= :now)
                                       AND (made_by NOT LIKE 'agent:%' OR answer_by <= :now)
                                     ORDER BY created_at LIMIT :limit FOR UPDATE SKIP LOCKED)
                        RETURNING *""")
                .bind("now", now)
                .bind("until", now.plus(lease))
                .bind("limit", limit)
                .map(rows::draft)
                .all();
    }

    /** Draft requests still waiting for an agent's answer, of these clients (null: every client). */
    Flux<Draft> openRequests(String agent, List<String> clients, int limit) {
        return db.sql("""
                        SELECT * FROM drafts WHERE status = 'drafting' AND made_by = :madeBy
                            AND (:clients::text[] IS NULL OR client_id = ANY(:clients))
                        ORDER BY created_at LIMIT :limit""")
                .bind("madeBy", "agent:" + agent)
                .bind("limit", limit)
                .bind("clients", SqlParameters.textArray(clients))
                .map(rows::draft)
                .all();
    }
}
