package dev.touchflow.platform.web;

/** The request does not fit the resource's current state (approved twice, routed twice): 409. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
