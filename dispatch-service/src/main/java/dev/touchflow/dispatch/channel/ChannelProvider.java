package dev.touchflow.dispatch.channel;

import java.util.UUID;

/**
 * Sends touches of a channel other than email through an outside provider, such as an SMS gateway.
 * Register one as a Spring bean and that channel's approved touches are sent through it, under the
 * same at-most-once rules as email, instead of becoming tasks for a person. Without one, the channel's
 * touches stay tasks.
 */
public interface ChannelProvider {

    /** The channel it sends: {@code sms}, say. */
    String channel();

    /**
     * Hands the touch to the provider and returns the provider's id for it. Throws
     * {@link RefusedForGood} when the provider refused it for good; any other exception is
     * taken as transient and retried.
     */
    String send(Message message);

    /** One touch to send. */
    record Message(UUID sendId, String to, String body) {}
}
