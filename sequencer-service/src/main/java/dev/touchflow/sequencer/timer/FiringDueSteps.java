package dev.touchflow.sequencer.timer;

import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.outbox.OutboundEvent;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.common.SchedulePolicy;
import dev.touchflow.schemas.enrollment.Enrolled;
import dev.touchflow.schemas.sequencer.SequenceExhausted;
import dev.touchflow.schemas.sequencer.StepDue;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.sequencer.calendar.SendingCalendar;
import dev.touchflow.sequencer.calendar.SendingCalendars;
import dev.touchflow.sequencer.cap.CapProperties;
import dev.touchflow.sequencer.cap.TouchLedger;
import dev.touchflow.sequencer.journal.JournalEntry;
import dev.touchflow.sequencer.journal.StepJournal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Fires due timers in batches. Each claimed timer either fires its step (a {@code StepDue}
 * through the outbox, a touch taken from the contact's daily cap, the next step planned) or, when
 * the contact's day is full, moves to the next allowed day; after the grace period it publishes
 * {@code SequenceExhausted}. Every decision is journaled. Decisions are made in plain Java for the
 * whole batch and written with a fixed number of statements, whatever the batch's size. Timers are
 * claimed with {@code FOR UPDATE SKIP LOCKED} in a stable order, so instances share the work
 * without firing a step twice, and a crash before commit loses nothing. Within an instance a few
 * batches run at once, each in its own transaction, so the database and Java work side by side.
 */
@Service
public class FiringDueSteps {

    private static final Logger log = LoggerFactory.getLogger(FiringDueSteps.class);

    private final TimerRepository timers;
    private final FiringPosition position;
    private final SendingCalendars calendars;
    private final TouchLedger ledger;
    private final CapProperties cap;
    private final StepJournal journal;
    private final OutboxWriter outbox;
    private final EventMetadata metadata;
    private final TransactionalOperator transactions;
    private final Clock clock;
    private final int batchSize;
    private final int workers;
    private final AtomicLong fired = new AtomicLong();
    private final SequencerInstances instances;
    private final Duration fullRescanInterval;
    private volatile int looksWanted;
    private volatile long lastLook = System.nanoTime();

    FiringDueSteps(
            TimerRepository timers,
            FiringPosition position,
            SendingCalendars calendars,
            TouchLedger ledger,
            CapProperties cap,
            StepJournal journal,
            OutboxWriter outbox,
            EventMetadata metadata,
            TransactionalOperator transactions,
            Clock clock,
            @Value("${touchflow.sequencer.batch-size:500}") int batchSize,
            @Value("${touchflow.sequencer.workers:2}") int workers,
            SequencerInstances instances,
            @Value("${touchflow.sequencer.full-rescan-interval:10m}") Duration fullRescanInterval) {
        this.timers = timers;
        this.position = position;
        this.calendars = calendars;
        this.ledger = ledger;
        this.cap = cap;
        this.journal = journal;
        this.outbox = outbox;
        this.metadata = metadata;
        this.transactions = transactions;
        this.clock = clock;
        this.batchSize = batchSize;
        this.workers = workers;
        this.instances = instances;
        this.fullRescanInterval = fullRescanInterval;
    }

    /**
     * Fires until nothing is due, with {@code workers} batches under way at once: a worker claims
     * again as soon as its batch is committed while the last claim found anything, so timers that
     * come due while a batch is decided wait for that batch, not for the next poll.
     */
    @Scheduled(fixedDelayString = "${touchflow.sequencer.poll-interval:200ms}", scheduler = "sequencerFiringThread")
    void fireDue() {
        Flux.range(0, workers)
                .flatMap(
                        worker -> fireBatch()
                                .expand(claimed -> claimed > 0 ? fireBatch() : Mono.empty())
                                .onErrorResume(e -> {
                                    position.restart();
                                    log.warn("firing due steps failed; retrying next round: {}", e.toString());
                                    return Mono.empty();
                                }),
                        workers)
                .blockLast();
    }

    /**
     * The safety net under the firing position: a due timer nobody holds behind it (another
     * instance died holding it, or planned it and died before firing it) brings the position back
     * to it. The look walks the due index's entries of every timer fired since vacuum last came (3 to
     * 4 s of a core after a million), so it runs only when it can find something: twice after
     * another instance stops beating (the second time for a transaction that ended late), and every
     * {@code full-rescan-interval} anyway. A started instance needs none: its first claim starts
     * from the first due timer. It does not wait for the answer, so it never holds up the firing
     * loop, which shares its thread.
     */
    @Scheduled(
            fixedDelayString = "${touchflow.sequencer.rescan-interval:60s}",
            initialDelayString = "${touchflow.sequencer.rescan-interval:60s}",
            scheduler = "sequencerFiringThread")
    void lookBehind() {
        instances
                .beat()
                .subscribe(
                        othersDied -> {
                            if (othersDied) {
                                looksWanted = 2;
                            }
                            Timer.Key from = position.current();
                            boolean anyway = System.nanoTime() - lastLook >= fullRescanInterval.toNanos();
                            if (from == null) {
                                looksWanted = 0; // the next claim starts from the first due timer
                            } else if (looksWanted > 0 || anyway) {
                                looksWanted = Math.max(0, looksWanted - 1);
                                lastLook = System.nanoTime();
                                timers.earliestFreeBehind(clock.instant(), from)
                                        .subscribe(
                                                position::planned,
                                                e -> log.warn(
                                                        "looking for due timers behind the firing position failed: {}",
                                                        e.toString()));
                            }
                        },
                        e -> log.warn("the sequencer's heartbeat failed: {}", e.toString()));
    }

    /** Decides one batch of due timers from the loop's position on; returns how many were claimed. */
    public Mono<Integer> fireBatch() {
        Instant now = clock.instant();
        return transactions
                .transactional(position.claimInTurn(from -> timers.claimDue(now, batchSize, from))
                        .flatMap(claimed -> claimed.isEmpty()
                                ? Mono.just(new Batch(0, 0))
                                : decide(claimed, now).map(firedNow -> new Batch(claimed.size(), firedNow))))
                .doOnNext(batch -> fired.addAndGet(batch.fired()))
                .map(Batch::claimed);
    }

    private record Batch(int claimed, int fired) {}

    private Mono<Integer> decide(List<Timer> claimed, Instant now) {
        List<String> calendarNames = claimed.stream()
                .map(timer -> timer.enrolled().getSchedule())
                .filter(Objects::nonNull)
                .map(SchedulePolicy::getHolidayCalendar)
                .filter(Objects::nonNull)
                .toList();
        return calendars.holidaysOf(calendarNames).flatMap(holidays -> {
            Map<Timer, SendingCalendar> calendarOf = new IdentityHashMap<>();
            Map<TouchLedger.Day, Integer> wanted = new LinkedHashMap<>();
            for (Timer timer : claimed) {
                SendingCalendar calendar = calendarOf(timer, holidays);
                calendarOf.put(timer, calendar);
                if (!"grace".equals(timer.status())) {
                    wanted.merge(dayOf(timer, calendar, now), 1, Integer::sum);
                }
            }
            return ledger.reserve(wanted, cap::capFor)
                    .map(granted -> outcome(claimed, calendarOf, new HashMap<>(granted), now))
                    .flatMap(outcome -> outbox.appendAll(outcome.events())
                            .then(journal.recordAll(outcome.journal()))
                            .then(timers.applyAll(outcome.changes(), now))
                            .thenReturn(outcome.fired().size()));
        });
    }

    private record Outcome(
            List<OutboundEvent> events,
            List<JournalEntry> journal,
            List<TimerRepository.Change> changes,
            List<Timer> fired) {}

    /** How many steps this instance has fired since it started (committed batches only). */
    public long firedSoFar() {
        return fired.get();
    }

    /** The batch's decisions, in claim order, which is the firing order. */
    private Outcome outcome(
            List<Timer> claimed,
            Map<Timer, SendingCalendar> calendarOf,
            Map<TouchLedger.Day, Integer> granted,
            Instant now) {
        Outcome outcome = new Outcome(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (Timer timer : claimed) {
            SendingCalendar calendar = calendarOf.get(timer);
            if ("grace".equals(timer.status())) {
                exhaust(timer, now, outcome);
                continue;
            }
            TouchLedger.Day day = dayOf(timer, calendar, now);
            int left = granted.getOrDefault(day, 0);
            if (left > 0) {
                granted.put(day, left - 1);
                fire(timer, calendar, now, outcome);
            } else {
                StepPlanner.Decision deferral = StepPlanner.pastTheCap(calendar, now);
                outcome.changes()
                        .add(new TimerRepository.Change(timer, timer.nextStep(), deferral.at(), "scheduled", false));
                outcome.journal()
                        .add(new JournalEntry(
                                timer.enrollmentId(),
                                timer.nextStep(),
                                now,
                                "deferred",
                                deferral.reasons(),
                                deferral.at()));
            }
        }
        return outcome;
    }

    private void fire(Timer timer, SendingCalendar calendar, Instant now, Outcome outcome) {
        Enrolled enrolled = timer.enrolled();
        Schedule schedule = timer.schedule();
        EventHeader header = metadata.causedBy(timer.snapshot().getHeader());
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
        outcome.events().add(new OutboundEvent(Topics.STEP_DUE, header, "StepDue", due));
        outcome.fired().add(timer);
        outcome.journal().add(new JournalEntry(timer.enrollmentId(), timer.nextStep(), now, "fired", List.of(), now));
        int next = timer.nextStep() + 1;
        if (schedule.isFinal(timer.nextStep())) {
            Instant graceEnds = schedule.graceEndsAfter(now);
            outcome.changes().add(new TimerRepository.Change(timer, next, graceEnds, "grace", true));
            outcome.journal()
                    .add(new JournalEntry(
                            timer.enrollmentId(), next, now, "grace", List.of("final step fired"), graceEnds));
        } else {
            SendingCalendar.Slot slot = StepPlanner.plan(schedule, calendar, next, now);
            outcome.changes().add(new TimerRepository.Change(timer, next, slot.at(), "scheduled", true));
            outcome.journal()
                    .add(new JournalEntry(
                            timer.enrollmentId(), next, now, "scheduled", slot.movedBecause(), slot.at()));
        }
    }

    private void exhaust(Timer timer, Instant now, Outcome outcome) {
        Enrolled enrolled = timer.enrolled();
        EventHeader header = metadata.causedBy(timer.snapshot().getHeader());
        outcome.events()
                .add(new OutboundEvent(
                        Topics.SEQUENCE_EXHAUSTED,
                        header,
                        "SequenceExhausted",
                        SequenceExhausted.newBuilder()
                                .setHeader(header)
                                .setEnrollmentId(enrolled.getEnrollmentId())
                                .setCampaignSlug(enrolled.getCampaignSlug())
                                .setLastStep(timer.schedule().totalSteps())
                                .build()));
        outcome.changes().add(new TimerRepository.Change(timer, timer.nextStep(), null, "done", false));
        outcome.journal()
                .add(new JournalEntry(
                        timer.enrollmentId(), timer.nextStep(), now, "exhausted", List.of("grace period over"), null));
    }

    private static SendingCalendar calendarOf(Timer timer, Map<String, Set<LocalDate>> holidays) {
        SchedulePolicy policy = timer.enrolled().getSchedule();
        String name = policy == null ? null : policy.getHolidayCalendar();
        return SendingCalendars.build(
                timer.enrolled().getTimezone(),
                policy,
                name == null ? Set.of() : holidays.getOrDefault(name, Set.of()));
    }

    private static TouchLedger.Day dayOf(Timer timer, SendingCalendar calendar, Instant now) {
        return new TouchLedger.Day(timer.clientId(), timer.contactId(), calendar.localDate(now));
    }
}
