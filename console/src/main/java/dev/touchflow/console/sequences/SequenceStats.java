package dev.touchflow.console.sequences;

import dev.touchflow.platform.r2dbc.SqlParameters;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The sequences page's numbers, counted in the read model. A send is sent when dispatch said so; opened
 * when a person opened it (machine opens are not kept); replied when a reply answers it, other than a
 * bounce, an auto-reply or an out-of-office; positively when that reply is interested or a meeting
 * request. A run is running, paused or exited; moved on when the exit router enrolled it in a next campaign.
 */
@Component
public class SequenceStats {

    /** One step's counters. */
    public record StepCounts(long sent, long opened, long clicked, long replied, long positive) {

        static final StepCounts NONE = new StepCounts(0, 0, 0, 0, 0);

        public StepCounts plus(StepCounts other) {
            return new StepCounts(
                    sent + other.sent,
                    opened + other.opened,
                    clicked + other.clicked,
                    replied + other.replied,
                    positive + other.positive);
        }
    }

    /** A sequence's counts: its runs, its exits and moves, and its steps' counters by step number. */
    public record Counts(long runs, long running, long exits, long moved, Map<Integer, StepCounts> steps) {

        static final Counts NONE = new Counts(0, 0, 0, 0, Map.of());

        public StepCounts total() {
            return steps.values().stream().reduce(StepCounts.NONE, StepCounts::plus);
        }

        public StepCounts step(int number) {
            return steps.getOrDefault(number, StepCounts.NONE);
        }

        public String openRate() {
            return percent(total().opened(), total().sent());
        }

        public String replyRate() {
            return percent(total().replied(), total().sent());
        }

        public String positiveReplyRate() {
            return percent(total().positive(), total().sent());
        }

        /** Exits the exit router sent on to a next campaign, of all exits: "9 / 31". */
        public String movedTo() {
            return moved + " / " + exits;
        }

        /** The share of the touches planned for everyone enrolled (runs × steps) that has been sent. */
        public long progress(int stepCount) {
            long planned = runs * stepCount;
            return planned == 0 ? 0 : Math.min(100, Math.round(100.0 * total().sent() / planned));
        }

        private static String percent(long part, long whole) {
            return whole == 0 ? "–" : Math.round(100.0 * part / whole) + "%";
        }
    }

    private static final String NOT_A_PERSON = "('bounce', 'auto_reply', 'out_of_office')";

    private final DatabaseClient db;

    SequenceStats(DatabaseClient db) {
        this.db = db;
    }

    /** The counts of these campaigns, for a person who sees these clients (null: every client). */
    Mono<Map<String, Counts>> of(List<String> slugs, List<String> clients) {
        Mono<Map<String, Counts>> runs = db.sql("""
                        SELECT r.campaign_slug,
                               count(*) AS runs,
                               count(*) FILTER (WHERE r.state = 'running') AS running,
                               count(*) FILTER (WHERE r.state = 'exited') AS exits,
                               count(m.from_enrollment_id) FILTER (WHERE r.state = 'exited') AS moved
                        FROM runs r LEFT JOIN moves m ON m.from_enrollment_id = r.enrollment_id
                        WHERE r.campaign_slug = ANY(:slugs)
                          AND (:clients::text[] IS NULL OR r.client_id = ANY(:clients))
                        GROUP BY r.campaign_slug""")
                .bind("slugs", slugs.toArray(String[]::new))
                .bind("clients", SqlParameters.textArray(clients))
                .map(row -> Map.entry(
                        row.get("campaign_slug", String.class),
                        new Counts(
                                row.get("runs", Long.class),
                                row.get("running", Long.class),
                                row.get("exits", Long.class),
                                row.get("moved", Long.class),
                                Map.of())))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
        Mono<Map<String, Map<Integer, StepCounts>>> steps = db.sql("""
                        SELECT t.campaign_slug, t.step_number,
                               count(*) AS sent,
                               count(o.send_id) AS opened,
                               count(c.send_id) AS clicked,
                               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM replies r
                                   WHERE r.in_reply_to = t.message_id AND r.label NOT IN %s)) AS replied,
                               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM replies r
                                   WHERE r.in_reply_to = t.message_id
                                   AND r.label IN ('interested', 'meeting_request'))) AS positive
                        FROM touches t
                        LEFT JOIN opens o ON o.send_id = t.send_id
                        LEFT JOIN clicks c ON c.send_id = t.send_id
                        WHERE t.status = 'sent' AND t.campaign_slug = ANY(:slugs)
                          AND (:clients::text[] IS NULL OR t.client_id = ANY(:clients))
                        GROUP BY t.campaign_slug, t.step_number""".formatted(NOT_A_PERSON))
                .bind("slugs", slugs.toArray(String[]::new))
                .bind("clients", SqlParameters.textArray(clients))
                .map(row -> new StepRow(
                        row.get("campaign_slug", String.class),
                        row.get("step_number", Integer.class),
                        new StepCounts(
                                row.get("sent", Long.class),
                                row.get("opened", Long.class),
                                row.get("clicked", Long.class),
                                row.get("replied", Long.class),
                                row.get("positive", Long.class))))
                .all()
                .collectMultimap(StepRow::slug)
                .map(bySlug -> bySlug.entrySet().stream()
                        .collect(Collectors.toMap(
                                Map.Entry::getKey,
                                entry -> entry.getValue().stream()
                                        .collect(Collectors.toMap(StepRow::number, StepRow::counts)))));
        return Mono.zip(runs, steps)
                .map(found -> slugs.stream().collect(Collectors.toMap(Function.identity(), slug -> {
                    Counts run = found.getT1().getOrDefault(slug, Counts.NONE);
                    return new Counts(
                            run.runs(),
                            run.running(),
                            run.exits(),
                            run.moved(),
                            found.getT2().getOrDefault(slug, Map.of()));
                })));
    }

    private record StepRow(String slug, int number, StepCounts counts) {}
}
