package dev.touchflow.sequencer.timer;

import dev.touchflow.schemas.enrollment.Enrolled;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.enrollment.Exited;
import dev.touchflow.schemas.enrollment.Paused;
import dev.touchflow.schemas.enrollment.Resumed;
import dev.touchflow.sequencer.calendar.SendingCalendar;
import dev.touchflow.sequencer.calendar.SendingCalendars;
import dev.touchflow.sequencer.journal.JournalEntry;
import dev.touchflow.sequencer.journal.StepJournal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Keeps timers in step with enrollments. Enrolled plans step 1; Paused holds the timer; Resumed
 * plans what is left at the schedule's absolute times (a step whose time passed during the pause
 * fires at the next opening, and the daily cap spreads several over days), or later if a reply
 * deferred it while paused; Exited cancels it.
 */
@Service
public class TrackingEnrollments {

    private final TimerRepository timers;
    private final SendingCalendars calendars;
    private final StepJournal journal;
    private final Clock clock;

    TrackingEnrollments(TimerRepository timers, SendingCalendars calendars, StepJournal journal, Clock clock) {
        this.timers = timers;
        this.calendars = calendars;
        this.journal = journal;
        this.clock = clock;
    }

    public Mono<Void> on(EnrollmentEvent event) {
        Object payload = event.getPayload();
        if (payload instanceof Enrolled enrolled) {
            return start(event, enrolled);
        }
        if (payload instanceof Paused paused) {
            return hold(paused.getEnrollmentId(), paused.getReason());
        }
        if (payload instanceof Resumed resumed) {
            return resume(resumed.getEnrollmentId());
        }
        if (payload instanceof Exited exited) {
            return cancel(exited.getEnrollmentId(), exited.getReason());
        }
        return Mono.empty();
    }

    private Mono<Void> start(EnrollmentEvent event, Enrolled enrolled) {
        Instant now = clock.instant();
        UUID id = UUID.fromString(enrolled.getEnrollmentId());
        return calendars.of(enrolled.getTimezone(), enrolled.getSchedule()).flatMap(calendar -> {
            SendingCalendar.Slot slot =
                    StepPlanner.plan(Timer.scheduleOf(enrolled), calendar, 1, enrolled.getEnrolledAt());
            return timers.start(event, slot.at(), now)
                    .flatMap(started -> started
                            ? journal.record(new JournalEntry(id, 1, now, "scheduled", slot.movedBecause(), slot.at()))
                            : Mono.empty());
        });
    }

    private Mono<Void> hold(String enrollmentId, String reason) {
        Instant now = clock.instant();
        return timers.find(UUID.fromString(enrollmentId))
                .filter(Timer::running)
                .flatMap(timer -> timers.setStatus(timer.enrollmentId(), "paused", now)
                        .then(journal.record(new JournalEntry(
                                timer.enrollmentId(), timer.nextStep(), now, "paused", List.of(reason), null))));
    }

    private Mono<Void> resume(String enrollmentId) {
        Instant now = clock.instant();
        return timers.find(UUID.fromString(enrollmentId))
                .filter(timer -> "paused".equals(timer.status()))
                .flatMap(timer -> calendars
                        .of(timer.enrolled().getTimezone(), timer.enrolled().getSchedule())
                        .flatMap(calendar -> {
                            Schedule schedule = timer.schedule();
                            boolean grace = timer.nextStep() > schedule.totalSteps();
                            SendingCalendar.Slot planned = grace
                                    ? new SendingCalendar.Slot(later(timer.fireAt(), now), List.of())
                                    : StepPlanner.plan(schedule, calendar, timer.nextStep(), now);
                            // a deferral made while paused (an out-of-office or later reply) still holds
                            SendingCalendar.Slot slot =
                                    timer.fireAt() != null && timer.fireAt().isAfter(planned.at())
                                            ? new SendingCalendar.Slot(timer.fireAt(), List.of("deferred while paused"))
                                            : planned;
                            return timers.advance(
                                            timer.enrollmentId(),
                                            timer.nextStep(),
                                            slot.at(),
                                            grace ? "grace" : "scheduled",
                                            now)
                                    .then(journal.record(new JournalEntry(
                                            timer.enrollmentId(),
                                            timer.nextStep(),
                                            now,
                                            "resumed",
                                            slot.movedBecause(),
                                            slot.at())));
                        }));
    }

    private Mono<Void> cancel(String enrollmentId, String reason) {
        Instant now = clock.instant();
        return timers.find(UUID.fromString(enrollmentId))
                .filter(timer -> timer.running() || "paused".equals(timer.status()))
                .flatMap(timer -> timers.setStatus(timer.enrollmentId(), "cancelled", now)
                        .then(journal.record(new JournalEntry(
                                timer.enrollmentId(),
                                timer.nextStep(),
                                now,
                                "cancelled",
                                List.of("exited: " + reason),
                                null))));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
