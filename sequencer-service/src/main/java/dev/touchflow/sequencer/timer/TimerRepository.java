package dev.touchflow.sequencer.timer;

import dev.touchflow.platform.kafka.EventCodec;
import dev.touchflow.platform.tracing.Traces;
import dev.touchflow.platform.transaction.AfterCommit;
import dev.touchflow.schemas.enrollment.Enrolled;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Repository
class TimerRepository {

    /** The statement of {@link #applyAll}, which its test also asks the planner about. */
    static final String APPLY_ALL = """
            UPDATE timers t SET next_step = v.next_step, fire_at = v.fire_at, status = v.status,
                updated_at = :now, planned_at = CASE WHEN v.replanned THEN v.fire_at ELSE t.planned_at END
            FROM unnest(CAST(CAST(:rows AS text[]) AS tid[]), CAST(:steps AS int[]),
                CAST(:fireAt AS timestamptz[]), CAST(:statuses AS text[]), CAST(:replanned AS boolean[]))
                AS v (row_address, next_step, fire_at, status, replanned)
            WHERE t.ctid = v.row_address""";

    private final DatabaseClient db;
    private final EventCodec codec;
    private final FiringPosition position;
    private final Traces traces;

    TimerRepository(DatabaseClient db, EventCodec codec, FiringPosition position, Traces traces) {
        this.db = db;
        this.codec = codec;
        this.position = position;
        this.traces = traces;
    }

    /** Starts the timer of a new enrollment at step 1; a second Enrolled for it changes nothing. */
    Mono<Boolean> start(EnrollmentEvent event, Instant firstFire, Instant now) {
        return Mono.deferContextual(
                context -> start(event, firstFire, now, traces.current(context).orElse(null)));
    }

    private Mono<Boolean> start(EnrollmentEvent event, Instant firstFire, Instant now, String traceparent) {
        Enrolled enrolled = (Enrolled) event.getPayload();
        return db.sql("""
                        INSERT INTO timers (enrollment_id, client_id, contact_id, campaign_slug, enrolled_at, next_step,
                            total_steps, fire_at, planned_at, status, grace_period_minutes, snapshot, updated_at,
                            traceparent)
                        VALUES (:id, :clientId, :contactId, :slug, :enrolledAt, 1, :total, :fireAt, :fireAt, 'scheduled',
                            :grace, :snapshot, :now, :traceparent)
                        ON CONFLICT (enrollment_id) DO NOTHING""")
                .bind("traceparent", Parameter.fromOrEmpty(traceparent, String.class))
                .bind("id", UUID.fromString(enrolled.getEnrollmentId()))
                .bind("clientId", event.getHeader().getClientId())
                .bind("contactId", event.getHeader().getContactId())
                .bind("slug", enrolled.getCampaignSlug())
                .bind("enrolledAt", enrolled.getEnrolledAt())
                .bind("total", enrolled.getSteps().size())
                .bind("fireAt", firstFire)
                .bind("grace", enrolled.getGracePeriodMinutes())
                .bind("snapshot", codec.encode(Topics.ENROLLMENT, event))
                .bind("now", now)
                .fetch()
                .rowsUpdated()
                .map(inserted -> inserted == 1)
                .flatMap(started -> started ? toldOnCommit(firstFire).thenReturn(true) : Mono.just(false));
    }

    /**
     * Locks up to {@code limit} due timers that no other instance holds, in firing order, from
     * {@code from} on (from the start when null); call inside a transaction.
     */
    Flux<Timer> claimDue(Instant now, int limit, Timer.Key from) {
        String position = from == null ? "" : "AND " + FiringOrder.placed(from, ">", ">=");
        DatabaseClient.GenericExecuteSpec claim = db.sql(
                        """
                        SELECT %s FROM timers
                        WHERE status IN ('scheduled', 'grace') AND fire_at <= :now %s
                        %s
                        LIMIT :limit FOR UPDATE SKIP LOCKED""".formatted(TimerRows.COLUMNS, position, FiringOrder.ORDER_BY))
                .bind("now", now)
                .bind("limit", limit);
        return (from == null ? claim : FiringOrder.bindKey(claim, from))
                .map(row -> TimerRows.timer(row, codec))
                .all();
    }

    /**
     * The fire time of the earliest due timer behind {@code position} that no transaction holds, if
     * any; outside any transaction, so the row lock it takes to skip held ones ends with the statement.
     */
    Mono<Instant> earliestFreeBehind(Instant now, Timer.Key position) {
        return FiringOrder.bindKey(
                        db.sql("""
                        SELECT fire_at FROM timers WHERE status IN ('scheduled', 'grace') AND fire_at <= :now AND %s
                        %s
                        LIMIT 1 FOR UPDATE SKIP LOCKED""".formatted(FiringOrder.placed(position, "<=", "<"), FiringOrder.ORDER_BY))
                                .bind("now", now),
                        position)
                .map(row -> row.get("fire_at", Instant.class))
                .one();
    }

    /** Plans the timer anew: the step, its fire time (also its planned time) and status. */
    Mono<Void> advance(UUID id, int nextStep, Instant fireAt, String status, Instant now) {
        return db.sql("""
                        UPDATE timers SET next_step = :nextStep, fire_at = :fireAt, planned_at = :fireAt, status = :status,
                            updated_at = :now
                        WHERE enrollment_id = :id""")
                .bind("id", id)
                .bind("nextStep", nextStep)
                .bind("fireAt", Parameter.fromOrEmpty(fireAt, Instant.class))
                .bind("status", status)
                .bind("now", now)
                .then()
                .then(toldOnCommit(fireAt));
    }

    /** Tells the firing loop of a timer planned by this instance once the plan is visible to its claims. */
    private Mono<Void> toldOnCommit(Instant fireAt) {
        return AfterCommit.run(() -> position.planned(fireAt));
    }

    /** Holds, cancels or finishes the timer, leaving its plan as it was. */
    Mono<Void> setStatus(UUID id, String status, Instant now) {
        return db.sql("UPDATE timers SET status = :status, updated_at = :now WHERE enrollment_id = :id")
                .bind("id", id)
                .bind("status", status)
                .bind("now", now)
                .then();
    }

    /**
     * What a batch decided for one claimed timer: its next step, fire time and status; {@code
     * replanned} when the fire time is a new plan (the planned time moves with it), not a
     * postponement past the cap.
     */
    record Change(Timer timer, int nextStep, Instant fireAt, String status, boolean replanned) {}

    /**
     * Applies a batch's decisions to the timers it claimed, with one statement, a column an array;
     * the caller holds the transaction that claimed them. The rows are found where the claim read
     * them ({@code ctid}), which the claim's locks keep true: a join on the key instead is planned
     * from the table's statistics, and statistics taken while the table was nearly empty made it
     * hash the whole table for every batch (4.6 s a batch at a million timers, seen in the benchmark).
     * A TID scan is the plan whatever the statistics, and saves a descent of the key's index a row.
     */
    Mono<Void> applyAll(List<Change> changes, Instant now) {
        if (changes.isEmpty()) {
            return Mono.empty();
        }
        int size = changes.size();
        String[] rows = new String[size];
        Integer[] steps = new Integer[size];
        Instant[] fireAt = new Instant[size];
        String[] statuses = new String[size];
        Boolean[] replanned = new Boolean[size];
        for (int i = 0; i < size; i++) {
            Change change = changes.get(i);
            rows[i] = change.timer().rowAddress();
            steps[i] = change.nextStep();
            fireAt[i] = change.fireAt();
            statuses[i] = change.status();
            replanned[i] = change.replanned();
        }
        return db.sql(APPLY_ALL)
                .bind("now", now)
                .bind("rows", rows)
                .bind("steps", steps)
                .bind("fireAt", fireAt)
                .bind("statuses", statuses)
                .bind("replanned", replanned)
                .fetch()
                .rowsUpdated()
                .flatMap(updated -> updated == size
                        ? Mono.<Void>empty()
                        : Mono.error(new IllegalStateException(
                                "a batch changed " + updated + " of the " + size + " timers it claimed; rolled back")));
    }

    Mono<Timer> find(UUID id) {
        return db.sql("SELECT " + TimerRows.COLUMNS + " FROM timers WHERE enrollment_id = :id")
                .bind("id", id)
                .map(row -> TimerRows.timer(row, codec))
                .first();
    }
}
