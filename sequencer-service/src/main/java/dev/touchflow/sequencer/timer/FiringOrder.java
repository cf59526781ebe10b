package dev.touchflow.sequencer.timer;

import org.springframework.r2dbc.core.DatabaseClient;

/** The order timers fire in, as SQL: the due index's key, and a place in it to go on from. */
final class FiringOrder {

    static final String ORDER_BY = "ORDER BY fire_at, planned_at, enrolled_at, campaign_slug, enrollment_id";

    private FiringOrder() {}

    /**
     * A timer's place against {@code key} in firing order: the whole order key compared with
     * {@code toATimer} when the key is a timer's, the fire time alone with {@code toAFireTime} when not.
     */
    static String placed(Timer.Key key, String toATimer, String toAFireTime) {
        return key.ofATimer()
                ? "(fire_at, planned_at, enrolled_at, campaign_slug, enrollment_id) " + toATimer
                        + " (:f, :p, :e, :s, :i)"
                : "fire_at " + toAFireTime + " :f";
    }

    static DatabaseClient.GenericExecuteSpec bindKey(DatabaseClient.GenericExecuteSpec statement, Timer.Key key) {
        DatabaseClient.GenericExecuteSpec bound = statement.bind("f", key.fireAt());
        return key.ofATimer()
                ? bound.bind("p", key.plannedAt())
                        .bind("e", key.enrolledAt())
                        .bind("s", key.campaignSlug())
                        .bind("i", key.enrollmentId())
                : bound;
    }
}
