package dev.touchflow.local.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a run of the fault suite did and found: the faults that landed, the traffic, and each invariant's
 * count. {@link #failures()} names every invariant that did not hold; a run passes when there is none.
 */
public record ChaosReport(
        long seed,
        Duration workload,
        int kills,
        int sendWindowKills,
        int brokerRestarts,
        int postgresRestarts,
        int smtpFaults,
        int networkCuts,
        History.Verdict verdict,
        int unknownBound,
        int replayDeliveries,
        Map<String, String> replayChangedTables,
        long seconds) {

    /** The invariants that did not hold, in words; empty when the promise held. */
    public List<String> failures() {
        List<String> failures = new ArrayList<>();
        if (verdict.enrollments() == 0 || verdict.delivered() == 0) {
            failures.add(
                    "no traffic: " + verdict.enrollments() + " enrollments, " + verdict.delivered() + " delivered");
        }
        if (verdict.duplicates() > 0) {
            failures.add(verdict.duplicates() + " duplicate deliveries");
        }
        if (!verdict.lost().isEmpty()) {
            failures.add(verdict.lost().size() + " approved touches lost: "
                    + verdict.lost().subList(0, Math.min(10, verdict.lost().size())));
        }
        if (verdict.unknown() > unknownBound) {
            failures.add(verdict.unknown() + " sends unknown, more than the " + unknownBound + " cut off by kills");
        }
        if (verdict.optedOutContacted() > 0) {
            failures.add(verdict.optedOutContacted() + " messages to contacts after they opted out");
        }
        if (!verdict.stuck().isEmpty()) {
            failures.add(verdict.stuck().size() + " contacts not where their script leads: "
                    + verdict.stuck().subList(0, Math.min(10, verdict.stuck().size())));
        }
        if (verdict.unsettledSends() > 0) {
            failures.add(verdict.unsettledSends() + " sends still pending or sending");
        }
        if (verdict.outboxUnpublished() > 0) {
            failures.add(verdict.outboxUnpublished() + " outbox rows unpublished or quarantined");
        }
        if (verdict.consumerLag() != 0) {
            failures.add("consumer lag " + verdict.consumerLag() + " at the end");
        }
        if (verdict.deadLettered() != 0) {
            failures.add(verdict.deadLettered() + " valid records dead-lettered");
        }
        if (replayDeliveries != 0) {
            failures.add("the replay delivered " + replayDeliveries + " messages");
        }
        if (!replayChangedTables.isEmpty()) {
            failures.add("the replay changed rows: " + replayChangedTables);
        }
        return failures;
    }

    public boolean passed() {
        return failures().isEmpty();
    }

    /** One JSON object, as {@code ./touchflow chaos} prints it. */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kills", kills);
        json.put("send_window_kills", sendWindowKills);
        json.put("broker_restarts", brokerRestarts);
        json.put("pg_restarts", postgresRestarts);
        json.put("smtp_faults", smtpFaults);
        json.put("network_cuts", networkCuts);
        json.put("enrollments", verdict.enrollments());
        json.put("delivered", verdict.delivered());
        json.put("duplicates", verdict.duplicates());
        json.put("lost", verdict.lost().size());
        json.put("unknown", verdict.unknown());
        json.put("unknown_bound", unknownBound);
        json.put("opted_out_contacted", verdict.optedOutContacted());
        json.put("stuck", verdict.stuck().size() + verdict.unsettledSends());
        json.put("dead_lettered", verdict.deadLettered());
        json.put("outbox_unpublished", verdict.outboxUnpublished());
        json.put("consumer_lag", verdict.consumerLag());
        json.put("replay_deliveries", replayDeliveries);
        json.put("replay_changed_tables", replayChangedTables);
        json.put("seed", seed);
        json.put("workload_s", workload.toSeconds());
        json.put("elapsed_s", seconds);
        json.put("passed", passed());
        json.put("failures", failures());
        return JsonMapper.builder().build().writeValueAsString(json);
    }
}
