package dev.touchflow.platform.web;

/** The caller's token allows the call in general but not on this: 403. */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
