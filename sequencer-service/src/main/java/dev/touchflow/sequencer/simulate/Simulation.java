package dev.touchflow.sequencer.simulate;

import dev.touchflow.sequencer.calendar.SendingCalendar;
import dev.touchflow.sequencer.timer.Schedule;
import dev.touchflow.sequencer.timer.StepPlanner;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one contact's enrollments forward in time with the sequencer's own rules (planning into
 * the calendar, the daily cap across campaigns, in the firing loop's stable order: due time, then
 * the time the step was planned for before any cap deferral, then start and slug) and reports
 * when every step of the first enrollment fires, and why it moved. Plain Java.
 */
public final class Simulation {

    private static final int MAX_DECISIONS = 100_000;

    /** One enrollment to simulate; the first given is the one reported. */
    public record Enrollment(String slug, Instant start, Schedule schedule, SendingCalendar calendar) {}

    public record SimulatedStep(int stepNumber, Instant fireAt, List<String> deferredBecause) {}

    private static final class Run {
        final Enrollment enrollment;
        final int order;
        int step = 1;
        Instant fireAt;
        Instant plannedAt;
        Set<String> reasons = new LinkedHashSet<>();

        Run(Enrollment enrollment, int order) {
            this.enrollment = enrollment;
            this.order = order;
        }
    }

    private Simulation() {}

    public static List<SimulatedStep> run(List<Enrollment> enrollments, int dailyCap) {
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < enrollments.size(); i++) {
            Run run = new Run(enrollments.get(i), i);
            plan(run, run.enrollment.start());
            runs.add(run);
        }
        Comparator<Run> firingOrder = Comparator.comparing((Run run) -> run.fireAt)
                .thenComparing(run -> run.plannedAt)
                .thenComparing(run -> run.enrollment.start())
                .thenComparing(run -> run.enrollment.slug())
                .thenComparing(run -> run.order);
        Map<LocalDate, Integer> touches = new HashMap<>();
        List<SimulatedStep> reported = new ArrayList<>();
        Run target = runs.get(0);
        for (int decisions = 0; target.step <= target.enrollment.schedule().totalSteps(); decisions++) {
            if (decisions > MAX_DECISIONS) {
                throw new IllegalStateException("simulation did not finish");
            }
            Run run = runs.stream()
                    .filter(r -> r.step <= r.enrollment.schedule().totalSteps())
                    .min(firingOrder)
                    .orElseThrow();
            SendingCalendar calendar = run.enrollment.calendar();
            LocalDate day = calendar.localDate(run.fireAt);
            StepPlanner.Decision decision =
                    StepPlanner.onDue(calendar, run.fireAt, touches.getOrDefault(day, 0), dailyCap);
            if (!decision.fire()) {
                run.fireAt = decision.at();
                run.reasons.addAll(decision.reasons());
                continue;
            }
            touches.merge(day, 1, Integer::sum);
            if (run == target) {
                reported.add(new SimulatedStep(run.step, run.fireAt, List.copyOf(run.reasons)));
            }
            Instant firedAt = run.fireAt;
            run.step++;
            if (run.step <= run.enrollment.schedule().totalSteps()) {
                plan(run, firedAt);
            }
        }
        return reported;
    }

    private static void plan(Run run, Instant notBefore) {
        SendingCalendar.Slot slot =
                StepPlanner.plan(run.enrollment.schedule(), run.enrollment.calendar(), run.step, notBefore);
        run.fireAt = slot.at();
        run.plannedAt = slot.at();
        run.reasons = new LinkedHashSet<>(slot.movedBecause());
    }
}
