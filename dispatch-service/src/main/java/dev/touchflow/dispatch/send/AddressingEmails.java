package dev.touchflow.dispatch.send;

import dev.touchflow.dispatch.config.DispatchProperties;
import dev.touchflow.dispatch.limit.Admission;
import dev.touchflow.dispatch.limit.Mailboxes;
import dev.touchflow.dispatch.mail.MessageComposer;
import dev.touchflow.dispatch.mail.OutgoingMail;
import dev.touchflow.dispatch.token.SignedTokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * An email cleared by its checks takes a slot of its sender mailbox (kept from the contact's first
 * touch, else the pool's least used today): under the daily limit and past the minimum gap, or it
 * waits and is never dropped. Then it is addressed (Message-ID, thread, tracking, unsubscribe
 * links) and marked {@code sending} with all of it.
 */
@Component
class AddressingEmails {

    private final SendLinks links;
    private final DeliveryState delivery;
    private final FailingSends failing;
    private final Mailboxes mailboxes;
    private final SignedTokens tokens;
    private final DispatchProperties properties;

    AddressingEmails(
            SendLinks links,
            DeliveryState delivery,
            FailingSends failing,
            Mailboxes mailboxes,
            SignedTokens tokens,
            DispatchProperties properties) {
        this.links = links;
        this.delivery = delivery;
        this.failing = failing;
        this.mailboxes = mailboxes;
        this.tokens = tokens;
        this.properties = properties;
    }

    Mono<Admitted> admit(DueSends.Locked locked, Instant now) {
        Send send = locked.send();
        List<String> pool = properties.pool(send.clientId(), send.touch().campaignSlug());
        return mailboxes
                .of(
                        locked.known().mailbox(),
                        send.clientId(),
                        send.touch().contactId(),
                        pool,
                        LocalDate.ofInstant(now, ZoneOffset.UTC),
                        now)
                .flatMap(name -> {
                    DispatchProperties.Mailbox mailbox = properties.mailboxes().get(name);
                    return mailbox == null
                            ? failing.beforeSending(send, "mailbox " + name + " is not configured", now)
                            : takeSlot(locked, name, mailbox, now);
                })
                .switchIfEmpty(Mono.defer(() -> pool.isEmpty()
                        ? failing.beforeSending(
                                send, "no sender mailbox is configured for client " + send.clientId(), now)
                        : Mono.empty()));
    }

    private Mono<Admitted> takeSlot(
            DueSends.Locked locked, String name, DispatchProperties.Mailbox mailbox, Instant now) {
        Send send = locked.send();
        return mailboxes
                .lock(name, LocalDate.ofInstant(now, mailbox.timezone()))
                .flatMap(usage -> {
                    Admission.Decision decision = Admission.decide(
                            mailbox,
                            usage.sentToday(),
                            usage.nextFreeAt(),
                            now,
                            ThreadLocalRandom.current().nextDouble());
                    if (!decision.admit()) {
                        return delivery.defer(send.id(), name, decision.notBefore(), decision.reason(), now)
                                .then(Mono.<Admitted>empty());
                    }
                    DeliveryState.Slot slot = new DeliveryState.Slot(name, decision.day(), decision.nextFreeAt());
                    return address(send, locked.thread(), slot, mailbox, now);
                });
    }

    private Mono<Admitted> address(
            Send send, List<String> thread, DeliveryState.Slot slot, DispatchProperties.Mailbox mailbox, Instant now) {
        String messageId = "<" + send.id() + "@" + properties.messageIdDomain() + ">";
        boolean tracked = properties.tracking(send.clientId(), send.touch().campaignSlug());
        return Mono.defer(() -> {
            String unsubscribeToken = tokens.issue(SignedTokens.Purpose.UNSUBSCRIBE, send.id(), 0);
            String unsubscribeUrl = properties.publicUrl() + "/u/" + unsubscribeToken;
            MessageComposer.Composed composed = MessageComposer.compose(
                    send.content().body(),
                    mailbox.signature(),
                    properties.postalAddress(send.clientId()),
                    unsubscribeUrl,
                    tracked ? tracking(send) : null);
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
                            slot.mailbox(),
                            mailbox.address(),
                            messageId,
                            inReplyTo,
                            thread.isEmpty() ? null : String.join(" ", thread),
                            tracked);
            return delivery.markSending(send.id(), leaving, now, slot)
                    .filter(Boolean::booleanValue)
                    .flatMap(marked -> (tracked ? links.add(send.id(), composed.links()) : Mono.<Void>empty())
                            .thenReturn(new Admitted.Email(send, mail, mailbox.ratePerSecond())));
        });
    }

    private MessageComposer.Tracking tracking(Send send) {
        return new MessageComposer.Tracking(
                properties.publicUrl() + "/t/o/" + tokens.issue(SignedTokens.Purpose.OPEN, send.id(), 0),
                link -> properties.publicUrl() + "/t/c/" + tokens.issue(SignedTokens.Purpose.CLICK, send.id(), link));
    }
}
