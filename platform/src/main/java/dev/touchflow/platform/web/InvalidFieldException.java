package dev.touchflow.platform.web;

import java.util.List;

/** Fields of the request are wrong in ways only the service can tell (an unknown campaign): 400. */
public class InvalidFieldException extends RuntimeException {

    /** One field and what is wrong with it. */
    public record Problem(String field, String message) {}

    private final List<Problem> problems;

    public InvalidFieldException(String field, String message) {
        this(List.of(new Problem(field, message)));
    }

    public InvalidFieldException(List<Problem> problems) {
        super(
                problems.isEmpty()
                        ? "invalid request"
                        : problems.get(0).field() + ": " + problems.get(0).message());
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    public String field() {
        return problems.get(0).field();
    }
}
