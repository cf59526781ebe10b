package dev.touchflow.dispatch.send;

import dev.touchflow.dispatch.approval.TrustedApprovals;
import dev.touchflow.dispatch.channel.ChannelProvider;
import dev.touchflow.dispatch.suppression.Suppressions;
import dev.touchflow.platform.approval.Approval;
import dev.touchflow.platform.outbox.OutboxWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Decides, within one transaction, whether a due send goes now. First drafting-service's signature
 * is checked again against exactly what would be sent: a send whose row was altered since it was
 * queued is refused, logged at ERROR and published, never sent. A suppressed contact's send is
 * cancelled with the reason, as is a send whose enrollment paused or exited. An email takes its mailbox's slot or waits ({@link AddressingEmails});
 * another channel goes to its provider. What is admitted is marked {@code sending} before anything
 * is handed over.
 */
@Component
class AdmittingSends {

    private static final Logger log = LoggerFactory.getLogger(AdmittingSends.class);

    private final DueSends due;
    private final DeliveryState delivery;
    private final SendEvents events;
    private final OutboxWriter outbox;
    private final TrustedApprovals trusted;
    private final Suppressions suppressions;
    private final CancellingSends cancelling;
    private final AddressingEmails emails;
    private final FailingSends failing;
    private final Map<String, ChannelProvider> providers;
    private final Clock clock;

    AdmittingSends(
            DueSends due,
            DeliveryState delivery,
            SendEvents events,
            OutboxWriter outbox,
            TrustedApprovals trusted,
            Suppressions suppressions,
            CancellingSends cancelling,
            AddressingEmails emails,
            FailingSends failing,
            List<ChannelProvider> providers,
            Clock clock) {
        this.due = due;
        this.delivery = delivery;
        this.events = events;
        this.outbox = outbox;
        this.trusted = trusted;
        this.suppressions = suppressions;
        this.cancelling = cancelling;
        this.emails = emails;
        this.failing = failing;
        this.providers = providers.stream().collect(Collectors.toMap(ChannelProvider::channel, provider -> provider));
        this.clock = clock;
    }

    /** The send, admitted; empty when it does not go now. Run it inside a transaction. */
    Mono<Admitted> admit(UUID id) {
        Instant now = clock.instant();
        return due.lock(id, now).flatMap(locked -> {
            Send send = locked.send();
            SendRepository.SignedFields signed = locked.signed();
            Optional<String> refusal = trusted.refusal(approvalOf(send, signed), signed.signature(), signed.keyId());
            return refusal.isPresent() ? refused(send, refusal.get()) : admitVerified(locked, now);
        });
    }

    /** The approval statement of what a queued send would send: its hash made from the very subject and body. */
    static Approval approvalOf(Send send, SendRepository.SignedFields signed) {
        Touch touch = send.touch();
        return new Approval(
                String.valueOf(touch.draftId()),
                signed.draftVersion(),
                String.valueOf(touch.enrollmentId()),
                touch.clientId(),
                touch.contactId(),
                touch.campaignSlug(),
                signed.campaignVersion(),
                touch.stepNumber(),
                touch.channel(),
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
        return delivery.refuse(send.id(), reason, clock.instant())
                .then(outbox.append(events.failed(send, reason, true)))
                .then(Mono.empty());
    }

    private Mono<Admitted> admitVerified(DueSends.Locked locked, Instant now) {
        Send send = locked.send();
        return suppression(locked)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(reason -> {
                    if (reason.isPresent()) {
                        return cancelling
                                .ofContact(
                                        send.clientId(),
                                        send.touch().contactId(),
                                        "the contact is suppressed: " + reason.get(),
                                        now)
                                .then(Mono.empty());
                    }
                    // an enrollment that paused or exited while its approval was being queued
                    String held = locked.known().held();
                    if (held != null) {
                        return cancelling
                                .ofEnrollment(send.touch().enrollmentId(), held, now)
                                .then(Mono.empty());
                    }
                    return send.touch().email() ? emails.admit(locked, now) : throughProvider(send, now);
                });
    }

    /**
     * Why the contact may not be written to, as read with the lock; read again on its own only when
     * PostgreSQL lowered the recipient's address otherwise than the suppression list stores it.
     */
    private Mono<String> suppression(DueSends.Locked locked) {
        Send send = locked.send();
        String address = send.content().toId();
        return address.toLowerCase(Locale.ROOT).equals(locked.known().loweredTo())
                ? Mono.justOrEmpty(locked.known().suppressed())
                : suppressions.reason(send.clientId(), address, send.touch().contactId());
    }

    private Mono<Admitted> throughProvider(Send send, Instant now) {
        ChannelProvider provider = providers.get(send.touch().channel());
        if (provider == null) {
            return failing.beforeSending(
                    send, "no provider sends " + send.touch().channel(), now);
        }
        return delivery.markSending(send.id(), send.envelope(), now, null)
                .filter(Boolean::booleanValue)
                .map(marked -> new Admitted.ThroughProvider(send, provider));
    }
}
