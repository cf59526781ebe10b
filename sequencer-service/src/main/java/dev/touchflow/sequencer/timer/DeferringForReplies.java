package dev.touchflow.sequencer.timer;

import dev.touchflow.schemas.replies.ReplyClassified;
import dev.touchflow.sequencer.calendar.SendingCalendar;
import dev.touchflow.sequencer.calendar.SendingCalendars;
import dev.touchflow.sequencer.journal.JournalEntry;
import dev.touchflow.sequencer.journal.StepJournal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * An out-of-office or "later" reply with a return date moves the enrollment's next step to the
 * first opening on the business day after that date, unless it was due later anyway.
 */
@Service
public class DeferringForReplies {

    private static final Set<String> DEFERRING = Set.of("out_of_office", "later");

    private final TimerRepository timers;
    private final SendingCalendars calendars;
    private final StepJournal journal;
    private final Clock clock;

    DeferringForReplies(TimerRepository timers, SendingCalendars calendars, StepJournal journal, Clock clock) {
        this.timers = timers;
        this.calendars = calendars;
        this.journal = journal;
        this.clock = clock;
    }

    public Mono<Void> on(ReplyClassified reply) {
        if (!DEFERRING.contains(reply.getLabel()) || reply.getEnrollmentId() == null || reply.getReturnDate() == null) {
            return Mono.empty();
        }
        LocalDate returnDate = reply.getReturnDate();
        Instant now = clock.instant();
        // a paused timer is deferred too, so the deferral holds when the enrollment resumes
        return timers.find(UUID.fromString(reply.getEnrollmentId()))
                .filter(timer -> timer.running() || "paused".equals(timer.status()))
                .flatMap(timer -> calendars
                        .of(timer.enrolled().getTimezone(), timer.enrolled().getSchedule())
                        .flatMap(calendar -> {
                            SendingCalendar.Slot slot = calendar.firstOpeningAfterBusinessDay(returnDate);
                            if (timer.fireAt() != null && !slot.at().isAfter(timer.fireAt())) {
                                return Mono.empty();
                            }
                            return timers.advance(
                                            timer.enrollmentId(), timer.nextStep(), slot.at(), timer.status(), now)
                                    .then(journal.record(new JournalEntry(
                                            timer.enrollmentId(),
                                            timer.nextStep(),
                                            now,
                                            "deferred",
                                            List.of(reply.getLabel() + " until " + returnDate),
                                            slot.at())));
                        }));
    }
}
