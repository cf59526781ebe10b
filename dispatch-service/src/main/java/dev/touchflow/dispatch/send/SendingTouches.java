package dev.touchflow.dispatch.send;

import dev.touchflow.dispatch.config.DispatchProperties;
import dev.touchflow.dispatch.mail.MailTransport;
import dev.touchflow.platform.outbox.OutboxWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The sending loop: each due send is admitted in its own transaction ({@link AdmittingSends}), then
 * delivered ({@link DeliveringSends}) on one of {@code touchflow.dispatch.sending-lanes} lanes at
 * once, each over an SMTP connection of its own; an enrollment's sends go out one after the other;
 * a mailbox's limits and pace hold across lanes, since admission takes the mailbox's slot under its
 * row lock. The round blocks by design, on a thread of its own ({@code dispatchSendingThread}), until
 * each of its sends is handled, as does the check that turns sends cut off mid-flight into
 * {@code unknown}.
 */
@Service
class SendingTouches {

    private static final Logger log = LoggerFactory.getLogger(SendingTouches.class);
    private static final int BATCH = 20;

    private final DueSends dueSends;
    private final DeliveryState delivery;
    private final AdmittingSends admitting;
    private final DeliveringSends delivering;
    private final SendEvents events;
    private final MailTransport transport;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactions;
    private final DispatchProperties properties;
    private final Executor lanes;
    private final Clock clock;

    SendingTouches(
            DueSends dueSends,
            DeliveryState delivery,
            AdmittingSends admitting,
            DeliveringSends delivering,
            SendEvents events,
            MailTransport transport,
            OutboxWriter outbox,
            TransactionalOperator transactions,
            DispatchProperties properties,
            @Qualifier("dispatchSendingLanes") Executor lanes,
            Clock clock) {
        this.dueSends = dueSends;
        this.delivery = delivery;
        this.admitting = admitting;
        this.delivering = delivering;
        this.events = events;
        this.transport = transport;
        this.outbox = outbox;
        this.transactions = transactions;
        this.properties = properties;
        this.lanes = lanes;
        this.clock = clock;
    }

    /** When the last failed round was logged ({@link System#nanoTime()}); read and written by the one sending thread. */
    private long lastRoundWarning = System.nanoTime() - Duration.ofMinutes(2).toNanos();

    @Scheduled(fixedDelayString = "${touchflow.dispatch.poll-interval:250ms}", scheduler = "dispatchSendingThread")
    void sendDue() {
        if (transport.holding()) {
            return;
        }
        try {
            // a full round that went through is followed at once by the next, until the queue is drained
            while (round() && !transport.holding()) {
                log.debug("a full sending round went through; another at once");
            }
        } catch (RuntimeException e) {
            // a database outage fails every round: one line a minute says so
            long now = System.nanoTime();
            if (now - lastRoundWarning > Duration.ofMinutes(1).toNanos()) {
                lastRoundWarning = now;
                log.warn("sending round failed; retrying every round, warning once a minute: {}", e.toString());
            }
        } finally {
            transport.release();
        }
    }

    /**
     * One round: the due sends, each enrollment's handed to a lane as one task, so an enrollment's
     * sends go out one after the other in the order they fell due, and the lanes take the tasks as
     * they come free. True when the round was full and every send in it was handled.
     */
    private boolean round() {
        int limit = BATCH * properties.sendingLanes();
        List<DueSends.Due> due =
                dueSends.due(clock.instant(), limit).collectList().block();
        if (due == null || due.isEmpty()) {
            return false;
        }
        AtomicBoolean allHandled = new AtomicBoolean(true);
        Map<UUID, List<UUID>> byEnrollment = due.stream()
                .collect(Collectors.groupingBy(
                        DueSends.Due::enrollmentId,
                        LinkedHashMap::new,
                        Collectors.mapping(DueSends.Due::id, Collectors.toList())));
        CompletableFuture.allOf(byEnrollment.values().stream()
                        .map(ids -> CompletableFuture.runAsync(
                                () -> ids.forEach(id -> {
                                    if (!handle(id)) {
                                        allHandled.set(false);
                                    }
                                }),
                                lanes))
                        .toArray(CompletableFuture[]::new))
                .join();
        return due.size() == limit && allHandled.get();
    }

    /** Admits and delivers one send; false when it could not be handled this round. */
    private boolean handle(UUID id) {
        if (transport.holding()) {
            return false;
        }
        try {
            Admitted admitted = transactions.transactional(admitting.admit(id)).block();
            if (admitted != null) {
                delivering.deliver(admitted).block();
            }
            return true;
        } catch (RuntimeException e) {
            // one send that cannot be handled does not hold up the others
            log.warn("send {} could not be handled this round: {}", id, e.toString());
            return false;
        }
    }

    @Scheduled(
            fixedDelayString = "${touchflow.dispatch.stale-check-interval:PT1M}",
            initialDelayString = "PT1S",
            scheduler = "dispatchSendingThread")
    void markInterruptedSends() {
        Instant now = clock.instant();
        // each announced with its Message-ID, so a reply to it is still an answer to this touch
        Long marked = transactions
                .transactional(delivery.markStaleSendingUnknown(now, properties.staleSending())
                        .concatMap(unknown -> outbox.append(events.maybeSent(unknown, DeliveryState.INTERRUPTED, now)))
                        .count())
                .block();
        if (marked != null && marked > 0) {
            log.warn("{} sends were interrupted mid-flight and are now unknown; a person decides", marked);
        }
    }
}
