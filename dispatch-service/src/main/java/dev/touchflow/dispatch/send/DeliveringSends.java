package dev.touchflow.dispatch.send;

import dev.touchflow.dispatch.channel.ChannelProvider;
import dev.touchflow.dispatch.channel.RefusedForGood;
import dev.touchflow.dispatch.config.DispatchProperties;
import dev.touchflow.dispatch.mail.MailTransport;
import dev.touchflow.dispatch.mail.OutgoingMail;
import dev.touchflow.platform.fault.Failures;
import dev.touchflow.platform.outbox.OutboxWriter;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Hands an admitted send over, then records the outcome. Once the server or provider may have the
 * message, the send never goes back to the queue: accepted, it is {@code sent}, the bookkeeping
 * retried for as long as the database is down (if the service dies meanwhile, the stale check makes
 * it {@code unknown}); may have left (the connection failed once the content went out, a provider
 * did not answer in time), it is {@code unknown} at once, for a person. Only a failure before
 * anything could leave is retried, with exponential backoff and jitter; a permanent one is
 * {@code failed}; the last attempt {@code dead}.
 */
@Component
class DeliveringSends {

    private static final Logger log = LoggerFactory.getLogger(DeliveringSends.class);

    private final DeliveryState delivery;
    private final SendEvents events;
    private final MailTransport transport;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactions;
    private final DispatchProperties properties;
    private final Clock clock;

    DeliveringSends(
            DeliveryState delivery,
            SendEvents events,
            MailTransport transport,
            OutboxWriter outbox,
            TransactionalOperator transactions,
            DispatchProperties properties,
            Clock clock) {
        this.delivery = delivery;
        this.events = events;
        this.transport = transport;
        this.outbox = outbox;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    Mono<Void> deliver(Admitted admitted) {
        Send send = admitted.send();
        OutgoingMail mail = admitted instanceof Admitted.Email email ? email.mail() : null;
        Mono<Optional<String>> handOver = admitted instanceof Admitted.Email email
                ? Mono.fromCallable(() -> Optional.ofNullable(transport.send(mail, email.ratePerSecond())))
                        .subscribeOn(Schedulers.boundedElastic())
                : Mono.fromCallable(() ->
                                Optional.ofNullable(handOver(((Admitted.ThroughProvider) admitted).provider(), send)))
                        .subscribeOn(Schedulers.boundedElastic())
                        .timeout(
                                properties.providerTimeout(),
                                Mono.error(() -> new MailTransport.MaybeSent(
                                        send.touch().channel() + " provider did not answer within "
                                                + properties.providerTimeout(),
                                        null)));
        return handOver.onErrorResume(e -> notHandedOver(send, e).then(Mono.empty()))
                .flatMap(providerId -> recordSent(send, mail, providerId.orElse(null)));
    }

    private Mono<Void> notHandedOver(Send send, Throwable e) {
        if (e instanceof CallNotPermittedException) {
            return delivery.release(send.id(), clock.instant());
        }
        if (e instanceof MailTransport.MaybeSent) {
            log.error(
                    "send {} to {} may have left and is now unknown; a person decides: {}",
                    send.id(),
                    send.content().toId(),
                    e.getMessage());
            String reason = "may have left: " + e.getMessage() + "; not resent automatically";
            Instant now = clock.instant();
            return transactions.transactional(delivery.markUnknown(send.id(), reason, now)
                    .flatMap(unknown -> outbox.append(events.maybeSent(unknown, reason, now))));
        }
        if (e instanceof RefusedForGood) {
            return failed(send, SendStatus.FAILED, e.getMessage(), true);
        }
        return retryOrGiveUp(send, e);
    }

    /** Records an accepted send and announces it, trying again for as long as the database is unavailable. */
    private Mono<Void> recordSent(Send send, OutgoingMail mail, String providerId) {
        Instant at = clock.instant();
        return transactions
                .transactional(delivery.markSent(send.id(), providerId, at)
                        .then(outbox.append(events.sent(
                                send,
                                mail == null ? null : mail.fromAddress(),
                                mail == null ? null : mail.messageId(),
                                at))))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
                        .maxBackoff(Duration.ofSeconds(5))
                        .filter(Failures::ofDependency)
                        .doBeforeRetry(retry -> log.warn(
                                "send {} was accepted; recording it failed ({}), trying again",
                                send.id(),
                                Failures.rootMessage(retry.failure()))))
                .onErrorResume(e -> {
                    log.error(
                            "send {} was accepted, but recording it failed: {}; it stays sending and becomes unknown",
                            send.id(),
                            Failures.rootMessage(e));
                    return Mono.empty();
                });
    }

    private static String handOver(ChannelProvider provider, Send send) {
        try {
            return provider.send(new ChannelProvider.Message(
                    send.id(), send.content().toId(), send.content().body()));
        } catch (RefusedForGood e) {
            throw new RefusedForGood(provider.channel() + " provider refused it: " + e.getMessage(), e);
        }
    }

    private Mono<Void> retryOrGiveUp(Send send, Throwable error) {
        String reason = error.getClass().getSimpleName() + ": " + error.getMessage();
        int attempts = send.progress().attempts() + 1;
        if (attempts >= properties.maxAttempts()) {
            return failed(send, SendStatus.DEAD, "gave up after " + attempts + " attempts; last: " + reason, false);
        }
        Duration wait = properties.retryBackoff().multipliedBy(1L << Math.min(attempts - 1, 10));
        Duration jitter = Duration.ofMillis(ThreadLocalRandom.current().nextLong(wait.toMillis() / 4 + 1));
        Instant now = clock.instant();
        log.info("send {} failed ({}); retrying after {}", send.id(), reason, wait.plus(jitter));
        return delivery.retryLater(send.id(), reason, now.plus(wait).plus(jitter), now);
    }

    private Mono<Void> failed(Send send, SendStatus status, String reason, boolean permanent) {
        log.warn("send {} {}: {}", send.id(), status, reason);
        return transactions.transactional(delivery.fail(send.id(), status, reason, clock.instant())
                .then(outbox.append(events.failed(send, reason, permanent))));
    }
}
