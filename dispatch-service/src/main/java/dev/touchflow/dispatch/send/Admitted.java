package dev.touchflow.dispatch.send;

import dev.touchflow.dispatch.channel.ChannelProvider;
import dev.touchflow.dispatch.mail.OutgoingMail;

/**
 * A send cleared to go and marked {@code sending}: an email with the message it leaves as and its
 * mailbox's rate, or a touch for a channel provider.
 */
sealed interface Admitted {

    Send send();

    record Email(Send send, OutgoingMail mail, double ratePerSecond) implements Admitted {}

    record ThroughProvider(Send send, ChannelProvider provider) implements Admitted {}
}
