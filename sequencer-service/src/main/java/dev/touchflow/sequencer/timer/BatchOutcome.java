package dev.touchflow.sequencer.timer;

import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.outbox.OutboundEvent;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.enrollment.Enrolled;
import dev.touchflow.schemas.sequencer.SequenceExhausted;
import dev.touchflow.schemas.sequencer.StepDue;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.sequencer.calendar.SendingCalendar;
import dev.touchflow.sequencer.cap.TouchLedger;
import dev.touchflow.sequencer.journal.JournalEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one claimed batch comes to, decided in plain Java: the events to publish, the journal
 * entries, the timer changes and the timers fired, in claim order, which is the firing order. A timer
 * fires while its contact's day has touches left, else moves past the cap; one in its grace period is
 * exhausted.
 */
record BatchOutcome(
        List<OutboundEvent> events,
        List<JournalEntry> journal,
        List<TimerRepository.Change> changes,
        List<Timer> fired) {

    /**
     * @param granted touches left per contact day; taken from as timers fire
     */
    static BatchOutcome of(
            List<Timer> claimed,
            Map<Timer, SendingCalendar> calendarOf,
            Map<TouchLedger.Day, Integer> granted,
            Instant now,
            EventMetadata metadata) {
        BatchOutcome outcome =
                new BatchOutcome(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (Timer timer : claimed) {
            SendingCalendar calendar = calendarOf.get(timer);
            if (timer.inGrace()) {
                outcome.exhaust(timer, now, metadata.causedBy(timer.snapshot().getHeader()));
                continue;
            }
            TouchLedger.Day day = timer.dayOf(calendar, now);
            int left = granted.getOrDefault(day, 0);
            if (left > 0) {
                granted.put(day, left - 1);
                outcome.fire(
                        timer, calendar, now, metadata.causedBy(timer.snapshot().getHeader()));
            } else {
                outcome.defer(timer, calendar, now);
            }
        }
        return outcome;
    }

    /** The earliest fire time the batch planned, if any: null when every timer was exhausted. */
    Instant earliestPlan() {
        return changes.stream()
                .map(TimerRepository.Change::fireAt)
                .filter(Objects::nonNull)
                .min(Instant::compareTo)
                .orElse(null);
    }

    private void fire(Timer timer, SendingCalendar calendar, Instant now, EventHeader header) {
        Enrolled enrolled = timer.enrolled();
        Schedule schedule = timer.schedule();
        StepDue due = StepDue.newBuilder()
                .setHeader(header)
                .setEnrollmentId(enrolled.getEnrollmentId())
                .setCampaignSlug(enrolled.getCampaignSlug())
                .setCampaignName(enrolled.getCampaignName())
                .setCampaignVersion(enrolled.getCampaignVersion())
                .setTotalSteps(schedule.totalSteps())
                .setStep(schedule.step(timer.nextStep()))
                .setContact(enrolled.getContact())
                .setGoal(enrolled.getGoal())
                .setNotes(enrolled.getNotes())
                .setDueAt(timer.fireAt())
                .setDrafting(enrolled.getDrafting())
                .build();
        events.add(new OutboundEvent(Topics.STEP_DUE, header, "StepDue", due).continuing(timer.traceparent()));
        fired.add(timer);
        journal.add(new JournalEntry(timer.enrollmentId(), timer.nextStep(), now, "fired", List.of(), now));
        int next = timer.nextStep() + 1;
        if (schedule.isFinal(timer.nextStep())) {
            Instant graceEnds = schedule.graceEndsAfter(now);
            changes.add(new TimerRepository.Change(timer, next, graceEnds, "grace", true));
            journal.add(
                    new JournalEntry(timer.enrollmentId(), next, now, "grace", List.of("final step fired"), graceEnds));
        } else {
            SendingCalendar.Slot slot = StepPlanner.plan(schedule, calendar, next, now);
            changes.add(new TimerRepository.Change(timer, next, slot.at(), "scheduled", true));
            journal.add(new JournalEntry(timer.enrollmentId(), next, now, "scheduled", slot.movedBecause(), slot.at()));
        }
    }

    private void defer(Timer timer, SendingCalendar calendar, Instant now) {
        StepPlanner.Decision deferral = StepPlanner.pastTheCap(calendar, now);
        changes.add(new TimerRepository.Change(timer, timer.nextStep(), deferral.at(), "scheduled", false));
        journal.add(new JournalEntry(
                timer.enrollmentId(), timer.nextStep(), now, "deferred", deferral.reasons(), deferral.at()));
    }

    private void exhaust(Timer timer, Instant now, EventHeader header) {
        Enrolled enrolled = timer.enrolled();
        events.add(new OutboundEvent(
                        Topics.SEQUENCE_EXHAUSTED,
                        header,
                        "SequenceExhausted",
                        SequenceExhausted.newBuilder()
                                .setHeader(header)
                                .setEnrollmentId(enrolled.getEnrollmentId())
                                .setCampaignSlug(enrolled.getCampaignSlug())
                                .setLastStep(timer.schedule().totalSteps())
                                .build())
                .continuing(timer.traceparent()));
        changes.add(new TimerRepository.Change(timer, timer.nextStep(), null, "done", false));
        journal.add(new JournalEntry(
                timer.enrollmentId(), timer.nextStep(), now, "exhausted", List.of("grace period over"), null));
    }
}
