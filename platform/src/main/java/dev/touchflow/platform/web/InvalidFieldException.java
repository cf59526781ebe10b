package dev.touchflow.platform.web;

/** A field of the request is wrong in a way only the service can tell (an unknown campaign): 400. */
public class InvalidFieldException extends RuntimeException {

    private final String field;

    public InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
