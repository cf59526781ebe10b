package dev.touchflow.sequencer.timer;

import dev.touchflow.sequencer.calendar.SendingCalendar;
import java.time.Instant;
import java.util.List;

/**
 * The sequencer's decisions about one step, as plain rules: when a step is planned (its due time
 * moved into the calendar's next opening), and, when its time comes, whether it fires or moves
 * to the next allowed day because the contact's daily cap is reached. A capped step is never
 * dropped. The firing loop and simulate both decide with this.
 */
public final class StepPlanner {

    private StepPlanner() {}

    /** The step's fire time: its due time, not before {@code notBefore}, moved into the calendar's next opening. */
    public static SendingCalendar.Slot plan(
            Schedule schedule, SendingCalendar calendar, int stepNumber, Instant notBefore) {
        Instant due = schedule.nominalTimeOf(stepNumber);
        return calendar.firstOpeningAtOrAfter(due.isBefore(notBefore) ? notBefore : due);
    }

    /** At {@code now}, with the contact's touches so far that local day: fire, or move past the day. */
    public static Decision onDue(SendingCalendar calendar, Instant now, int touchesThatDay, int dailyCap) {
        return touchesThatDay < dailyCap ? new Decision(true, now, List.of()) : pastTheCap(calendar, now);
    }

    /** The contact's day is full: the step moves to the first opening of a later day. */
    public static Decision pastTheCap(SendingCalendar calendar, Instant now) {
        SendingCalendar.Slot next = calendar.firstOpeningAfterTheDayOf(now);
        return new Decision(false, next.at(), List.of("cap"));
    }

    /** Fire now, or not before {@code at} for the given reasons. */
    public record Decision(boolean fire, Instant at, List<String> reasons) {}
}
