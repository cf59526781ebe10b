package dev.touchflow.local.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/** A run's faults, planned from a seeded random: the same seed plans the same faults. */
final class FaultPlan {

    /** What the fault does. */
    enum Kind {
        KILL,
        SEND_WINDOW_KILL,
        BROKER_RESTART,
        PG_RESTART,
        SMTP_OUTAGE,
        SMTP_4XX,
        NETWORK_CUT
    }

    /** One fault, {@code at} into the workload. */
    record Planned(Duration at, Kind kind, String target) {}

    private FaultPlan() {}

    /**
     * The plan for a workload of this length: a kill every six seconds or so (at least 10), a quarter as
     * many again inside the send window, and at least one of every other fault.
     */
    static List<Planned> of(Random random, Duration workload, List<String> services, int brokers) {
        long seconds = workload.toSeconds();
        List<Planned> plan = new ArrayList<>();
        int kills = (int) Math.max(10, seconds / 6);
        for (int i = 0; i < kills; i++) {
            plan.add(new Planned(at(random, seconds), Kind.KILL, services.get(random.nextInt(services.size()))));
        }
        for (int i = 0; i < Math.max(2, kills / 4); i++) {
            plan.add(new Planned(at(random, seconds), Kind.SEND_WINDOW_KILL, "dispatch-service"));
        }
        for (int i = 0; i < Math.max(1, seconds / 300); i++) {
            plan.add(new Planned(at(random, seconds), Kind.BROKER_RESTART, "node-" + (1 + random.nextInt(brokers))));
            plan.add(new Planned(at(random, seconds), Kind.PG_RESTART, "postgres"));
        }
        for (int i = 0; i < Math.max(2, seconds / 60); i++) {
            plan.add(new Planned(at(random, seconds), i % 2 == 0 ? Kind.SMTP_OUTAGE : Kind.SMTP_4XX, "smtp"));
        }
        for (int i = 0; i < Math.max(1, seconds / 120); i++) {
            plan.add(new Planned(at(random, seconds), Kind.NETWORK_CUT, "postgres-network"));
        }
        plan.sort(Comparator.comparing(Planned::at));
        return plan;
    }

    /**
     * Somewhere after the first 5 % of the workload and before its last 10 %, so faults land on traffic;
     * a kill that finds no service up waits for one, until the heal.
     */
    private static Duration at(Random random, long seconds) {
        return Duration.ofMillis((long) (seconds * 1000 * (0.05 + 0.85 * random.nextDouble())));
    }
}
