package dev.touchflow.bench.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StagesTest {

    private static final long T0 = 1_000_000L;

    @Test
    void theSlowestStageIsTheFirstOfThoseWithTheLowestOwnRateSinceTheOnesBehindItOnlyGoAsFastAsTheyAreFed()
            throws InterruptedException {
        Stages stages = new Stages(1000, Duration.ofSeconds(1));
        // enrolled in 1 s, step due paced by enrollment, staged at 100 a second, its follower paced by it
        stages.await("enrolled", () -> new StageWatch.Seen(1000, T0, T0 + 1_000));
        stages.await("step_due", () -> new StageWatch.Seen(1000, T0 + 100, T0 + 1_100));
        stages.await("staged", () -> new StageWatch.Seen(1000, T0 + 200, T0 + 10_200));
        stages.await("after_staged", () -> new StageWatch.Seen(1000, T0 + 300, T0 + 10_250));

        assertThat(stages.slowest()).isEqualTo("staged");
        assertThat(stages.rate(T0, "staged")).isEqualTo(1000 / 10.2, within(0.01));
        assertThat(stages.secondsTo(T0, "after_staged")).isEqualTo(10.25);
        @SuppressWarnings("unchecked")
        Map<String, Object> staged = (Map<String, Object>) stages.report().get("staged");
        assertThat(staged).containsEntry("rate_per_s", 100.0).containsEntry("complete", true);
    }

    @Test
    void aStageThatStopsMovingIsReportedIncompleteAfterTheStallLimitInsteadOfWaitedForForever()
            throws InterruptedException {
        Stages stages = new Stages(1000, Duration.ofMillis(500));

        stages.await("staged", () -> new StageWatch.Seen(600, T0, T0 + 6_000));

        @SuppressWarnings("unchecked")
        Map<String, Object> staged = (Map<String, Object>) stages.report().get("staged");
        assertThat(staged).containsEntry("contacts", 600).containsEntry("complete", false);
    }
}
