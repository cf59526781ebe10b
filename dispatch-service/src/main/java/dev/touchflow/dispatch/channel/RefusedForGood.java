package dev.touchflow.dispatch.channel;

/**
 * The provider of a channel (the SMTP server for email, an SMS gateway) will never take this touch as
 * it is: the send fails for good and is not retried.
 */
public final class RefusedForGood extends RuntimeException {

    public RefusedForGood(String message) {
        super(message);
    }

    public RefusedForGood(String message, Throwable cause) {
        super(message, cause);
    }
}
