package dev.touchflow.local.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.touchflow.local.workload.EnrollmentLookup;
import dev.touchflow.local.workload.Script;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ScriptOutcomesTest {

    @Test
    void anOptOutWhoseOnlyTouchEndedUnknownHadNothingToAnswerAndMayStillBeRunning() {
        assertThat(ScriptOutcomes.problem(Script.UNSUBSCRIBE, run(null), Optional::empty, 0, 1))
                .isNull();
        assertThat(ScriptOutcomes.problem(Script.BOUNCE, run(null), Optional::empty, 0, 1))
                .isNull();
        assertThat(ScriptOutcomes.problem(Script.INTERESTED, run(null), Optional::empty, 0, 1))
                .isNull();
    }

    @Test
    void anOptOutWhoReceivedTheirTouchMustHaveBeenUnsubscribed() {
        assertThat(ScriptOutcomes.problem(Script.UNSUBSCRIBE, run(null), Optional::empty, 1, 0))
                .isEqualTo("exit null, not unsubscribed");
        assertThat(ScriptOutcomes.problem(Script.UNSUBSCRIBE, run(null), Optional::empty, 0, 0))
                .isEqualTo("exit null, not unsubscribed");
        assertThat(ScriptOutcomes.problem(Script.UNSUBSCRIBE, run("rejected"), Optional::empty, 0, 1))
                .isEqualTo("exit rejected, not unsubscribed");
        assertThat(ScriptOutcomes.problem(Script.UNSUBSCRIBE, run("unsubscribed"), Optional::empty, 1, 0))
                .isNull();
        assertThat(ScriptOutcomes.problem(Script.UNSUBSCRIBE, run("unsubscribed"), Optional::empty, 2, 0))
                .isEqualTo("2 messages, not 1");
    }

    @Test
    void anInterestedContactIsConvertedAndEnrolledInTheNextCampaign() {
        assertThat(ScriptOutcomes.problem(Script.INTERESTED, run("converted"), () -> run(null), 2, 0))
                .isNull();
        assertThat(ScriptOutcomes.problem(Script.INTERESTED, run("converted"), Optional::empty, 2, 0))
                .isEqualTo("converted but not enrolled in the next campaign");
        assertThat(ScriptOutcomes.problem(Script.INTERESTED, run("converted"), () -> run("unsubscribed"), 2, 0))
                .isEqualTo("next campaign ended unsubscribed");
    }

    @Test
    void contactsWhoDoNotAnswerStayEnrolledAndGetTheirMessages() {
        assertThat(ScriptOutcomes.problem(Script.PLAIN, run("no_engagement"), Optional::empty, 2, 0))
                .isNull();
        assertThat(ScriptOutcomes.problem(Script.PLAIN, Optional.empty(), Optional::empty, 0, 0))
                .isEqualTo("never enrolled");
        assertThat(ScriptOutcomes.problem(Script.PLAIN, run("rejected"), Optional::empty, 2, 0))
                .isEqualTo("exited rejected");
        assertThat(ScriptOutcomes.problem(Script.PLAIN, run(null), Optional::empty, 1, 0))
                .isEqualTo("1 messages, not 2");
        assertThat(ScriptOutcomes.problem(Script.OUT_OF_OFFICE, run(null), Optional::empty, 1, 0))
                .isNull();
        assertThat(ScriptOutcomes.problem(Script.OUT_OF_OFFICE, run(null), Optional::empty, 3, 0))
                .isEqualTo("3 messages, not 1-2");
    }

    private static Optional<EnrollmentLookup.Row> run(String exitReason) {
        return Optional.of(
                new EnrollmentLookup.Row(UUID.randomUUID(), exitReason == null ? "active" : "exited", exitReason));
    }
}
