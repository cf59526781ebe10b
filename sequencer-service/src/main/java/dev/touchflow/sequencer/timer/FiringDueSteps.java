package dev.touchflow.sequencer.timer;

import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.platform.transaction.AfterCommit;
import dev.touchflow.schemas.common.SchedulePolicy;
import dev.touchflow.sequencer.calendar.SendingCalendar;
import dev.touchflow.sequencer.calendar.SendingCalendars;
import dev.touchflow.sequencer.cap.CapProperties;
import dev.touchflow.sequencer.cap.TouchLedger;
import dev.touchflow.sequencer.journal.StepJournal;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * Fires due timers in batches: claims them, reserves their contacts' daily touches, lets
 * {@link BatchOutcome} decide each one, and writes the events, the journal and the timers with a
 * fixed number of statements, whatever the batch's size. Timers are
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
    private final io.micrometer.core.instrument.Timer lateness;

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
            MeterRegistry meters) {
        this.lateness = io.micrometer.core.instrument.Timer.builder("touchflow.step.lateness")
                .description("How long after its due time a step fired")
                .publishPercentileHistogram()
                .register(meters);
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

    /** Decides one batch of due timers from the loop's position on; returns how many were claimed. */
    public Mono<Integer> fireBatch() {
        Instant now = clock.instant();
        return transactions
                .transactional(position.claimInTurn(from -> timers.claimDue(now, batchSize, from))
                        .flatMap(claimed -> claimed.isEmpty()
                                ? Mono.just(new Batch(0, List.of()))
                                : decide(claimed, now).map(firedNow -> new Batch(claimed.size(), firedNow))))
                .doOnNext(batch -> {
                    fired.addAndGet(batch.fired().size());
                    // the database keeps microseconds: a timer due within the same one may read as due after now
                    batch.fired().forEach(timer -> {
                        Duration lateBy = Duration.between(timer.fireAt(), now);
                        lateness.record(lateBy.isNegative() ? Duration.ZERO : lateBy);
                    });
                })
                .map(Batch::claimed);
    }

    private record Batch(int claimed, List<Timer> fired) {}

    private Mono<List<Timer>> decide(List<Timer> claimed, Instant now) {
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
                SendingCalendar calendar = timer.calendar(holidays);
                calendarOf.put(timer, calendar);
                if (!timer.inGrace()) {
                    wanted.merge(timer.dayOf(calendar, now), 1, Integer::sum);
                }
            }
            return ledger.reserve(wanted, cap::capFor)
                    .map(granted -> BatchOutcome.of(claimed, calendarOf, new HashMap<>(granted), now, metadata))
                    .flatMap(outcome -> outbox.appendAll(outcome.events())
                            .then(journal.recordAll(outcome.journal()))
                            .then(timers.applyAll(outcome.changes(), now))
                            // a next step due at once lands behind the position if a batch claimed ahead meanwhile
                            .then(AfterCommit.run(() -> position.planned(outcome.earliestPlan())))
                            .thenReturn(outcome.fired()));
        });
    }

    /** How many steps this instance has fired since it started (committed batches only). */
    public long firedSoFar() {
        return fired.get();
    }
}
