package dev.touchflow.sequencer.timer;

import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.outbox.OutboundEvent;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.enrollment.Enrolled;
import dev.touchflow.schemas.sequencer.SequenceExhausted;
import dev.touchflow.schemas.sequencer.StepDue;
import dev.touchflow.schemas.topics.Topics;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Fires due timers in batches: each claimed timer publishes its step's {@code StepDue} (or, after
 * the grace period, {@code SequenceExhausted}) through the outbox and moves to what follows, in
 * one transaction. Timers are claimed with {@code FOR UPDATE SKIP LOCKED}, so instances share the
 * work without firing a step twice, and a crash before commit loses nothing.
 */
@Service
public class FiringDueSteps {

    private static final Logger log = LoggerFactory.getLogger(FiringDueSteps.class);

    private final TimerRepository timers;
    private final OutboxWriter outbox;
    private final EventMetadata metadata;
    private final TransactionalOperator transactions;
    private final Clock clock;
    private final int batchSize;

    FiringDueSteps(TimerRepository timers, OutboxWriter outbox, EventMetadata metadata,
                   TransactionalOperator transactions, Clock clock,
                   @Value("${touchflow.sequencer.batch-size:500}") int batchSize) {
        this.timers = timers;
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

    /** Fires one batch of due timers; returns how many fired. */
    public Mono<Integer> fireBatch() {
        Instant now = clock.instant();
        return transactions.transactional(timers.claimDue(now, batchSize)
                .concatMap(timer -> fire(timer, now))
                .count()
                .map(Long::intValue));
    }

    private Mono<Void> fire(Timer timer, Instant now) {
        Enrolled enrolled = timer.enrolled();
        EventHeader cause = timer.snapshot().getHeader();
        EventHeader header = metadata.causedBy(cause);
        if ("grace".equals(timer.status())) {
            SequenceExhausted exhausted = SequenceExhausted.newBuilder().setHeader(header)
                    .setEnrollmentId(enrolled.getEnrollmentId()).setCampaignSlug(enrolled.getCampaignSlug())
                    .setLastStep(timer.schedule().totalSteps()).build();
            return outbox.append(new OutboundEvent(Topics.SEQUENCER, header, "SequenceExhausted", exhausted))
                    .then(timers.advance(timer.enrollmentId(), timer.nextStep(), null, "done", now));
        }
        Schedule schedule = timer.schedule();
        StepDue due = StepDue.newBuilder().setHeader(header)
                .setEnrollmentId(enrolled.getEnrollmentId()).setCampaignSlug(enrolled.getCampaignSlug())
                .setCampaignName(enrolled.getCampaignName()).setCampaignVersion(enrolled.getCampaignVersion())
                .setTotalSteps(schedule.totalSteps()).setStep(schedule.step(timer.nextStep()))
                .setContact(enrolled.getContact()).setGoal(enrolled.getGoal()).setNotes(enrolled.getNotes())
                .setDueAt(timer.fireAt()).build();
        Schedule.Next next = schedule.after(timer.nextStep(), now);
        return outbox.append(new OutboundEvent(Topics.STEP_DUE, header, "StepDue", due))
                .then(timers.advance(timer.enrollmentId(), next.stepNumber(), next.fireAt(),
                        next.grace() ? "grace" : "scheduled", now));
    }
}
