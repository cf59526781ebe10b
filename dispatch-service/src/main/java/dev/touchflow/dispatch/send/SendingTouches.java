package dev.touchflow.dispatch.send;

import dev.touchflow.dispatch.config.DispatchProperties;
import dev.touchflow.dispatch.mail.MailTransport;
import dev.touchflow.dispatch.mail.OutgoingMail;
import dev.touchflow.platform.outbox.OutboxWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Sends due emails at most once: each is marked {@code sending} and committed before the SMTP
 * server is spoken to, and marked {@code sent} (with {@code TouchSent} in the outbox) after the
 * server accepted it. Transient failures retry with exponential backoff and jitter; permanent
 * ones fail with the reason; after the last attempt a send is {@code dead}.
 */
@Service
class SendingTouches {

    private static final Logger log = LoggerFactory.getLogger(SendingTouches.class);
    private static final int BATCH = 20;

    private final SendRepository sends;
    private final SendEvents events;
    private final MailTransport transport;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactions;
    private final DispatchProperties properties;
    private final Clock clock;

    SendingTouches(SendRepository sends, SendEvents events, MailTransport transport, OutboxWriter outbox,
                   TransactionalOperator transactions, DispatchProperties properties, Clock clock) {
        this.sends = sends;
        this.events = events;
        this.transport = transport;
        this.outbox = outbox;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${touchflow.dispatch.poll-interval:250ms}")
    void sendDue() {
        if (transport.holding()) {
            return;
        }
        try {
            List<Send> claimed = transactions.transactional(sends.claimDue(clock.instant(), BATCH).collectList()).block();
            for (Send send : claimed == null ? List.<Send>of() : claimed) {
                deliver(send).block();
            }
        } catch (RuntimeException e) {
            log.warn("sending round failed; retrying next round: {}", e.toString());
        }
    }

    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1S")
    void markInterruptedSends() {
        Long marked = sends.markStaleSendingUnknown(clock.instant(), properties.staleSending()).block();
        if (marked != null && marked > 0) {
            log.warn("{} sends were interrupted mid-flight and are now unknown; a person decides", marked);
        }
    }

    Mono<Void> deliver(Send send) {
        DispatchProperties.Sender from = properties.senders().get(send.clientId());
        if (from == null) {
            return failed(send, "failed", "no sender mailbox is configured for client " + send.clientId(), true);
        }
        String messageId = "<" + send.id() + "@" + properties.messageIdDomain() + ">";
        OutgoingMail mail = new OutgoingMail(messageId, from.address(), from.name(), send.toId(), send.contactName(),
                send.subject(), send.body());
        return Mono.fromRunnable(() -> transport.send(mail))
                .subscribeOn(Schedulers.boundedElastic())
                .then(Mono.defer(() -> {
                    Instant at = clock.instant();
                    return transactions.transactional(sends.markSent(send.id(), from.address(), messageId, at)
                            .then(outbox.append(events.sent(send, from.address(), messageId, at))));
                }))
                .onErrorResume(MailTransport.PermanentFailure.class, e -> failed(send, "failed", e.getMessage(), true))
                .onErrorResume(e -> !(e instanceof MailTransport.PermanentFailure), e -> retryOrGiveUp(send, e));
    }

    private Mono<Void> retryOrGiveUp(Send send, Throwable error) {
        String reason = error.getClass().getSimpleName() + ": " + error.getMessage();
        if (send.attempts() >= properties.maxAttempts()) {
            return failed(send, "dead", "gave up after " + send.attempts() + " attempts; last: " + reason, false);
        }
        Duration wait = properties.retryBackoff().multipliedBy(1L << Math.min(send.attempts() - 1, 10));
        Duration jitter = Duration.ofMillis(ThreadLocalRandom.current().nextLong(wait.toMillis() / 4 + 1));
        Instant now = clock.instant();
        log.info("send {} failed ({}); retrying after {}", send.id(), reason, wait.plus(jitter));
        return sends.retryLater(send.id(), reason, now.plus(wait).plus(jitter), now);
    }

    private Mono<Void> failed(Send send, String status, String reason, boolean permanent) {
        log.warn("send {} {}: {}", send.id(), status, reason);
        return transactions.transactional(sends.fail(send.id(), status, reason, clock.instant())
                .then(outbox.append(events.failed(send, reason, permanent))));
    }
}
