package dev.touchflow.dispatch.send;

import dev.touchflow.dispatch.approval.TrustedApprovals;
import dev.touchflow.dispatch.channel.ChannelProvider;
import dev.touchflow.dispatch.channel.RefusedForGood;
import dev.touchflow.dispatch.config.DispatchProperties;
import dev.touchflow.dispatch.limit.Admission;
import dev.touchflow.dispatch.limit.Mailboxes;
import dev.touchflow.dispatch.mail.MailTransport;
import dev.touchflow.dispatch.mail.MessageComposer;
import dev.touchflow.dispatch.mail.OutgoingMail;
import dev.touchflow.dispatch.suppression.Suppressions;
import dev.touchflow.dispatch.token.SignedTokens;
import dev.touchflow.platform.approval.Approval;
import dev.touchflow.platform.fault.Failures;
import dev.touchflow.platform.outbox.OutboxWriter;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Sends what is due. Each due send is admitted in its own transaction: a suppressed contact's send
 * is cancelled with the reason; the contact's mailbox (kept from their first touch, else the pool's
 * least used today) must be under its daily limit and past its minimum gap, or the send waits and
 * is never dropped; an admitted send is marked {@code sending} with its Message-ID and thread and
 * committed before the SMTP server is spoken to. Then it is handed over: accepted → {@code sent}
 * (the bookkeeping retried while the database is down, never the send); may have left (the
 * connection failed once the content went out, a provider did not answer in time) → {@code unknown},
 * for a person; a failure before anything left → retried with exponential backoff and jitter; a
 * permanent one → {@code failed}; the last attempt → {@code dead}.
 */
@Service
class SendingTouches {

    private static final Logger log = LoggerFactory.getLogger(SendingTouches.class);
    private static final int BATCH = 20;

    private final SendRepository sends;
    private final SendEvents events;
    private final MailTransport transport;
    private final Mailboxes mailboxes;
    private final Suppressions suppressions;
    private final SignedTokens tokens;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactions;
    private final DispatchProperties properties;
    private final Clock clock;

    private final Map<String, ChannelProvider> providers;
    private final SuppressingContacts suppressing;
    private final TrustedApprovals trusted;

    SendingTouches(
            SendRepository sends,
            SendEvents events,
            MailTransport transport,
            Mailboxes mailboxes,
            Suppressions suppressions,
            SignedTokens tokens,
            OutboxWriter outbox,
            TransactionalOperator transactions,
            DispatchProperties properties,
            Clock clock,
            List<ChannelProvider> providers,
            SuppressingContacts suppressing,
            TrustedApprovals trusted) {
        this.trusted = trusted;
        this.suppressing = suppressing;
        this.providers = providers.stream().collect(Collectors.toMap(ChannelProvider::channel, provider -> provider));
        this.sends = sends;
        this.events = events;
        this.transport = transport;
        this.mailboxes = mailboxes;
        this.suppressions = suppressions;
        this.tokens = tokens;
        this.outbox = outbox;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /** When the last failed round was logged ({@link System#nanoTime()}); read and written by the one sending thread. */
    private long lastRoundWarning = System.nanoTime() - Duration.ofMinutes(2).toNanos();

    @Scheduled(fixedDelayString = "${touchflow.dispatch.poll-interval:250ms}")
    void sendDue() {
        if (transport.holding()) {
            return;
        }
        try {
            List<UUID> due = sends.due(clock.instant(), BATCH).collectList().block();
            for (UUID id : due == null ? List.<UUID>of() : due) {
                try {
                    Admitted admitted = transactions.transactional(admit(id)).block();
                    if (admitted != null) {
                        deliver(admitted).block();
                    }
                } catch (RuntimeException e) {
                    // one send that cannot be handled does not hold up the others
                    log.warn("send {} could not be handled this round: {}", id, e.toString());
                }
                if (transport.holding()) {
                    return;
                }
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

    @Scheduled(fixedDelayString = "${touchflow.dispatch.stale-check-interval:PT1M}", initialDelayString = "PT1S")
    void markInterruptedSends() {
        Instant now = clock.instant();
        // each announced with its Message-ID, so a reply to it is still an answer to this touch
        Long marked = transactions
                .transactional(sends.markStaleSendingUnknown(now, properties.staleSending())
                        .concatMap(unknown -> outbox.append(events.maybeSent(unknown, SendRepository.INTERRUPTED, now)))
                        .count())
                .block();
        if (marked != null && marked > 0) {
            log.warn("{} sends were interrupted mid-flight and are now unknown; a person decides", marked);
        }
    }

    /** A send cleared to go: an email with the message it leaves as, or a touch for a channel provider. */
    record Admitted(Send send, OutgoingMail mail, double ratePerSecond, ChannelProvider provider) {}

    /**
     * Decides, within one transaction, whether the send goes now; empty when it does not. First of all
     * drafting-service's signature is checked again against exactly what would be sent: a send whose
     * row was altered since it was queued is refused, logged at ERROR and published, never sent.
     */
    Mono<Admitted> admit(UUID id) {
        Instant now = clock.instant();
        return sends.lockDue(id, now)
                .flatMap(send -> sends.signedFields(send.id())
                        .map(signed -> trusted.refusal(approvalOf(send, signed), signed.signature(), signed.keyId()))
                        .flatMap(refusal ->
                                refusal.isPresent() ? refused(send, refusal.get()) : admitVerified(send, now)));
    }

    /** The approval statement of what a queued send would send: its hash made from the very subject and body. */
    static Approval approvalOf(Send send, SendRepository.SignedFields signed) {
        return new Approval(
                String.valueOf(send.touch().draftId()),
                signed.draftVersion(),
                String.valueOf(send.touch().enrollmentId()),
                send.clientId(),
                send.touch().contactId(),
                send.touch().campaignSlug(),
                signed.campaignVersion(),
                send.touch().stepNumber(),
                send.touch().channel(),
                send.content().toId(),
                Approval.contentHash(send.content().subject(), send.content().body()),
                send.decision().approvedBy(),
                signed.approvedAt() == null ? Instant.EPOCH : signed.approvedAt(),
                send.decision().requiresPersonalSend(),
                send.envelope().newThread());
    }

    private Mono<Admitted> refused(Send send, String why) {
        String reason = "approval refused before sending: " + why;
        log.error(
                "refused send {} to {} (client {}), approved by {}: {}",
                send.id(),
                send.content().toId(),
                send.clientId(),
                send.decision().approvedBy(),
                why);
        return sends.refuse(send.id(), reason, clock.instant())
                .then(outbox.append(events.failed(send, reason, true)))
                .then(Mono.empty());
    }

    private Mono<Admitted> admitVerified(Send send, Instant now) {
        return suppressions
                .reason(send.clientId(), send.content().toId(), send.touch().contactId())
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(reason -> reason.isPresent()
                        ? cancelled(send, "the contact is suppressed: " + reason.get())
                        : send.touch().email() ? throughMailbox(send, now) : throughProvider(send, now));
    }

    private Mono<Admitted> cancelled(Send send, String reason) {
        return suppressing
                .cancelWaiting(send.clientId(), send.touch().contactId(), reason, clock.instant())
                .then(Mono.empty());
    }

    private Mono<Admitted> throughMailbox(Send send, Instant now) {
        List<String> pool = properties.pool(send.clientId(), send.touch().campaignSlug());
        return mailboxes
                .of(send.clientId(), send.touch().contactId(), pool, LocalDate.ofInstant(now, ZoneOffset.UTC), now)
                .flatMap(name -> {
                    DispatchProperties.Mailbox mailbox = properties.mailboxes().get(name);
                    if (mailbox == null) {
                        return failedNow(send, "mailbox " + name + " is not configured");
                    }
                    return mailboxes
                            .lock(name)
                            .flatMap(nextFree -> mailboxes
                                    .sentOn(name, LocalDate.ofInstant(now, mailbox.timezone()))
                                    .flatMap(sent -> {
                                        Admission.Decision decision = Admission.decide(
                                                mailbox,
                                                sent,
                                                nextFree,
                                                now,
                                                ThreadLocalRandom.current().nextDouble());
                                        if (!decision.admit()) {
                                            return sends.defer(
                                                            send.id(),
                                                            name,
                                                            decision.notBefore(),
                                                            decision.reason(),
                                                            now)
                                                    .then(Mono.<Admitted>empty());
                                        }
                                        return mailboxes
                                                .reserve(name, decision.day(), decision.nextFreeAt())
                                                .then(ready(send, name, mailbox, now));
                                    }));
                })
                .switchIfEmpty(Mono.defer(() -> pool.isEmpty()
                        ? failedNow(send, "no sender mailbox is configured for client " + send.clientId())
                        : Mono.empty()));
    }

    private Mono<Admitted> throughProvider(Send send, Instant now) {
        ChannelProvider provider = providers.get(send.touch().channel());
        if (provider == null) {
            return failedNow(send, "no provider sends " + send.touch().channel());
        }
        return sends.markSending(send.id(), send.envelope(), now)
                .filter(Boolean::booleanValue)
                .map(marked -> new Admitted(send, null, 0, provider));
    }

    private Mono<Admitted> ready(Send send, String name, DispatchProperties.Mailbox mailbox, Instant now) {
        String messageId = "<" + send.id() + "@" + properties.messageIdDomain() + ">";
        boolean tracked = properties.tracking(send.clientId(), send.touch().campaignSlug());
        return sends.thread(send).flatMap(thread -> {
            String unsubscribeToken = tokens.issue(SignedTokens.Purpose.UNSUBSCRIBE, send.id(), 0);
            String unsubscribeUrl = properties.publicUrl() + "/u/" + unsubscribeToken;
            MessageComposer.Tracking tracking = tracked
                    ? new MessageComposer.Tracking(
                            properties.publicUrl() + "/t/o/" + tokens.issue(SignedTokens.Purpose.OPEN, send.id(), 0),
                            link -> properties.publicUrl() + "/t/c/"
                                    + tokens.issue(SignedTokens.Purpose.CLICK, send.id(), link))
                    : null;
            MessageComposer.Composed composed = MessageComposer.compose(
                    send.content().body(),
                    mailbox.signature(),
                    properties.postalAddress(send.clientId()),
                    unsubscribeUrl,
                    tracking);
            String mailto = "mailto:unsubscribe@" + properties.messageIdDomain() + "?subject="
                    + URLEncoder.encode("unsubscribe " + unsubscribeToken, StandardCharsets.UTF_8)
                            .replace("+", "%20");
            String inReplyTo = thread.isEmpty() ? null : thread.get(thread.size() - 1);
            OutgoingMail mail = new OutgoingMail(
                    messageId,
                    mailbox.address(),
                    mailbox.name(),
                    send.content().toId(),
                    send.content().contactName(),
                    send.content().subject(),
                    composed.text(),
                    composed.html(),
                    inReplyTo,
                    thread,
                    List.of(unsubscribeUrl, mailto));
            Envelope leaving = send.envelope()
                    .leaving(
                            name,
                            mailbox.address(),
                            messageId,
                            inReplyTo,
                            thread.isEmpty() ? null : String.join(" ", thread),
                            tracked);
            return sends.markSending(send.id(), leaving, now)
                    .filter(Boolean::booleanValue)
                    .flatMap(marked -> (tracked ? sends.addLinks(send.id(), composed.links()) : Mono.<Void>empty())
                            .thenReturn(new Admitted(send, mail, mailbox.ratePerSecond(), null)));
        });
    }

    /**
     * Hands the send over, then records the outcome. Once the server or provider may have the message,
     * the send never goes back to the queue: accepted, it is recorded {@code sent}, the bookkeeping
     * retried for as long as the database is down (if the service dies meanwhile, the stale check makes
     * it {@code unknown}); not known, it is {@code unknown} at once. Only a failure before anything could
     * leave is retried.
     */
    Mono<Void> deliver(Admitted admitted) {
        Send send = admitted.send();
        OutgoingMail mail = admitted.mail();
        Mono<Optional<String>> handOver = mail != null
                ? Mono.fromCallable(() -> Optional.ofNullable(transport.send(mail, admitted.ratePerSecond())))
                        .subscribeOn(Schedulers.boundedElastic())
                : Mono.fromCallable(() -> Optional.ofNullable(handOver(admitted.provider(), send)))
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
            return sends.release(send.id(), clock.instant());
        }
        if (e instanceof MailTransport.MaybeSent) {
            log.error(
                    "send {} to {} may have left and is now unknown; a person decides: {}",
                    send.id(),
                    send.content().toId(),
                    e.getMessage());
            String reason = "may have left: " + e.getMessage() + "; not resent automatically";
            Instant now = clock.instant();
            return transactions.transactional(sends.markUnknown(send.id(), reason, now)
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
                .transactional(sends.markSent(send.id(), providerId, at)
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
        return sends.retryLater(send.id(), reason, now.plus(wait).plus(jitter), now);
    }

    private Mono<Admitted> failedNow(Send send, String reason) {
        Instant now = clock.instant();
        log.warn("send {} failed: {}", send.id(), reason);
        return sends.failPending(send.id(), reason, now)
                .then(outbox.append(events.failed(send, reason, true)))
                .then(Mono.empty());
    }

    private Mono<Void> failed(Send send, SendStatus status, String reason, boolean permanent) {
        log.warn("send {} {}: {}", send.id(), status, reason);
        return transactions.transactional(sends.fail(send.id(), status, reason, clock.instant())
                .then(outbox.append(events.failed(send, reason, permanent))));
    }
}
