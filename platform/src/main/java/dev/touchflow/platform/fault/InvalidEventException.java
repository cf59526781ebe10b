package dev.touchflow.platform.fault;

/**
 * A record that can never be processed as it is: not decodable, missing a required field, or
 * naming something unknown. It goes to the dead-letter topic at once, with this message as reason.
 */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
