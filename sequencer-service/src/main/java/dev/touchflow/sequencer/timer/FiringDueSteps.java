package dev.touchflow.sequencer.timer;

import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.outbox.OutboundEvent;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.enrollment.Enrolled;
import dev.touchflow.schemas.sequencer.SequenceExhausted;
import dev.touchflow.schemas.sequencer.StepDue;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.sequencer.calendar.Calendars;
import dev.touchflow.sequencer.calendar.SendingCalendar;
import dev.touchflow.sequencer.cap.CapProperties;
import dev.touchflow.sequencer.cap.TouchLedger;
import dev.touchflow.sequencer.journal.JournalEntry;
import dev.touchflow.sequencer.journal.StepJournal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Fires due timers in batches. Each claimed timer either fires its step (a {@code StepDue}
 * through the outbox, a touch taken from the contact's daily cap, the next step planned) or, when
 * the contact's day is full, moves to the next allowed day; after the grace period it publishes
 * {@code SequenceExhausted}. Every decision is journaled. Timers are claimed with
 * {@code FOR UPDATE SKIP LOCKED} in a stable order, so instances share the work without firing a
 * step twice, and a crash before commit loses nothing.
 */
@Service
public class FiringDueSteps {

    private static final Logger log = LoggerFactory.getLogger(FiringDueSteps.class);

    private final TimerRepository timers;
    private final Calendars calendars;
    private final TouchLedger ledger;
    private final CapProperties cap;
    private final StepJournal journal;
    private final OutboxWriter outbox;
    private final EventMetadata metadata;
    private final TransactionalOperator transactions;
    private final Clock clock;
    private final int batchSize;

    FiringDueSteps(TimerRepository timers, Calendars calendars, TouchLedger ledger, CapProperties cap,
                   StepJournal journal, OutboxWriter outbox, EventMetadata metadata,
                   TransactionalOperator transactions, Clock clock,
                   @Value("${touchflow.sequencer.batch-size:500}") int batchSize) {
        this.timers = timers;
        this.calendars = calendars;
        this.ledger = ledger;
        this.cap = cap;
        this.journal = journal;
        this.outbox = outbox;
        this.metadata = metadata;
        this.transactions = transactions;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    @Scheduled(fixedDelayString = "${touchflow.sequencer.poll-interval:200ms}")
    void fireDue() {
        try {
            while (fireBatch().blockOptional().orElse(0) == batchSize) {
                log.debug("a full batch fired; looking for more");
            }
        } catch (RuntimeException e) {
            log.warn("firing due steps failed; retrying next round: {}", e.toString());
        }
    }

    /** Decides one batch of due timers; returns how many were claimed. */
    public Mono<Integer> fireBatch() {
        Instant now = clock.instant();
        return transactions.transactional(timers.claimDue(now, batchSize)
                .collectList()
                .flatMapIterable(claimed -> claimed)
                .concatMap(timer -> decide(timer, now).thenReturn(1))
                .count()
                .map(Long::intValue));
    }

    private Mono<Void> decide(Timer timer, Instant now) {
        Enrolled enrolled = timer.enrolled();
        return calendars.of(enrolled.getTimezone(), enrolled.getSchedule()).flatMap(calendar -> {
            if ("grace".equals(timer.status())) {
                return exhaust(timer, now);
            }
            return ledger.reserve(timer.clientId(), timer.contactId(), calendar.localDate(now), cap.capFor(timer.clientId()))
                    .flatMap(reserved -> reserved
                            ? fire(timer, calendar, now)
                            : defer(timer, StepPlanner.pastTheCap(calendar, now), now));
        });
    }

    private Mono<Void> fire(Timer timer, SendingCalendar calendar, Instant now) {
        Enrolled enrolled = timer.enrolled();
        Schedule schedule = timer.schedule();
        EventHeader header = metadata.causedBy(timer.snapshot().getHeader());
        StepDue due = StepDue.newBuilder().setHeader(header)
                .setEnrollmentId(enrolled.getEnrollmentId()).setCampaignSlug(enrolled.getCampaignSlug())
                .setCampaignName(enrolled.getCampaignName()).setCampaignVersion(enrolled.getCampaignVersion())
                .setTotalSteps(schedule.totalSteps()).setStep(schedule.step(timer.nextStep()))
                .setContact(enrolled.getContact()).setGoal(enrolled.getGoal()).setNotes(enrolled.getNotes())
                .setDueAt(timer.fireAt()).build();
        Mono<Void> next;
        if (schedule.isFinal(timer.nextStep())) {
            Instant graceEnds = schedule.graceEndsAfter(now);
            next = timers.advance(timer.enrollmentId(), timer.nextStep() + 1, graceEnds, "grace", now)
                    .then(journal.record(new JournalEntry(timer.enrollmentId(), timer.nextStep() + 1, now, "grace",
                            List.of("final step fired"), graceEnds)));
        } else {
            SendingCalendar.Slot slot = StepPlanner.plan(schedule, calendar, timer.nextStep() + 1, now);
            next = timers.advance(timer.enrollmentId(), timer.nextStep() + 1, slot.at(), "scheduled", now)
                    .then(journal.record(new JournalEntry(timer.enrollmentId(), timer.nextStep() + 1, now, "scheduled",
                            slot.movedBecause(), slot.at())));
        }
        return outbox.append(new OutboundEvent(Topics.STEP_DUE, header, "StepDue", due))
                .then(journal.record(new JournalEntry(timer.enrollmentId(), timer.nextStep(), now, "fired", List.of(), now)))
                .then(next);
    }

    private Mono<Void> defer(Timer timer, StepPlanner.Decision decision, Instant now) {
        return timers.postpone(timer.enrollmentId(), decision.at(), now)
                .then(journal.record(new JournalEntry(timer.enrollmentId(), timer.nextStep(), now, "deferred",
                        decision.reasons(), decision.at())));
    }

    private Mono<Void> exhaust(Timer timer, Instant now) {
        Enrolled enrolled = timer.enrolled();
        EventHeader header = metadata.causedBy(timer.snapshot().getHeader());
        SequenceExhausted exhausted = SequenceExhausted.newBuilder().setHeader(header)
                .setEnrollmentId(enrolled.getEnrollmentId()).setCampaignSlug(enrolled.getCampaignSlug())
                .setLastStep(timer.schedule().totalSteps()).build();
        return outbox.append(new OutboundEvent(Topics.SEQUENCER, header, "SequenceExhausted", exhausted))
                .then(timers.setStatus(timer.enrollmentId(), "done", now))
                .then(journal.record(new JournalEntry(timer.enrollmentId(), timer.nextStep(), now, "exhausted",
                        List.of("grace period over"), null)));
    }
}
