package dev.touchflow.sequencer.timer;

import dev.touchflow.schemas.common.SchedulePolicy;
import dev.touchflow.schemas.enrollment.Enrolled;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.sequencer.calendar.SendingCalendar;
import dev.touchflow.sequencer.calendar.SendingCalendars;
import dev.touchflow.sequencer.cap.TouchLedger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One enrollment's durable timer: the next step, when it fires, and the snapshot it came from;
 * where its row lay when it was read ({@code ctid}), which stays true while the reading
 * transaction holds the row's lock; and the trace of its enrollment, which every step it fires continues.
 */
record Timer(
        UUID enrollmentId,
        String clientId,
        String contactId,
        String status,
        int nextStep,
        Key key,
        EnrollmentEvent snapshot,
        String rowAddress,
        String traceparent) {

    /**
     * A place in firing order, as the due index sorts it: a timer's own (a claim goes on after it),
     * or only a fire time (a claim goes on from the first timer due then).
     */
    record Key(Instant fireAt, Instant plannedAt, Instant enrolledAt, String campaignSlug, UUID enrollmentId) {

        static Key atOrAfter(Instant fireAt) {
            return new Key(fireAt, null, null, null, null);
        }

        boolean ofATimer() {
            return enrollmentId != null;
        }
    }

    /** When the next step fires; none once the timer is done or cancelled. */
    Instant fireAt() {
        return key.fireAt();
    }

    Enrolled enrolled() {
        return (Enrolled) snapshot.getPayload();
    }

    Schedule schedule() {
        return scheduleOf(enrolled());
    }

    static Schedule scheduleOf(Enrolled enrolled) {
        return new Schedule(
                enrolled.getEnrolledAt(),
                SendingCalendars.zoneOf(enrolled.getTimezone()),
                enrolled.getSteps(),
                Duration.ofMinutes(enrolled.getGracePeriodMinutes()));
    }

    /** Its last step fired; it waits for replies until the grace period ends. */
    boolean inGrace() {
        return "grace".equals(status);
    }

    /** The calendar its steps keep: its contact's zone, its campaign's send window and these holidays. */
    SendingCalendar calendar(Map<String, Set<LocalDate>> holidays) {
        SchedulePolicy policy = enrolled().getSchedule();
        String name = policy == null ? null : policy.getHolidayCalendar();
        return SendingCalendars.build(
                enrolled().getTimezone(), policy, name == null ? Set.of() : holidays.getOrDefault(name, Set.of()));
    }

    /** The contact's local day at this moment, whose touches the daily cap counts. */
    TouchLedger.Day dayOf(SendingCalendar calendar, Instant now) {
        return new TouchLedger.Day(clientId, contactId, calendar.localDate(now));
    }

    boolean running() {
        return "scheduled".equals(status) || "grace".equals(status);
    }
}
