package dev.touchflow.platform.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.databind.DatabindException;

/** Every REST error as RFC 9457 problem+json; a bad request names the field at fault. */
@RestControllerAdvice
public class ProblemDetailsAdvice {

    private static final String TYPES = "https://touchflow.dev/problems/";

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        return problem(HttpStatus.CONFLICT, "conflict", "Conflict with the current state", e.getMessage());
    }

    @ExceptionHandler(InvalidFieldException.class)
    ProblemDetail invalidField(InvalidFieldException e) {
        return invalid(List.of(Map.of("field", e.field(), "message", e.getMessage())));
    }

    @ExceptionHandler(WebExchangeBindException.class)
    ProblemDetail invalidBody(WebExchangeBindException e) {
        return invalid(e.getFieldErrors().stream()
                .map(error -> Map.of("field", snakeCase(error.getField()), "message", messageOf(error)))
                .toList());
    }

    @ExceptionHandler(ServerWebInputException.class)
    ProblemDetail unreadableBody(ServerWebInputException e) {
        Throwable cause = e.getCause();
        while (cause != null && !(cause instanceof DatabindException)) {
            cause = cause.getCause();
        }
        if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            String field = databind.getPath().stream()
                    .map(reference -> reference.getPropertyName() != null
                            ? reference.getPropertyName() : "[" + reference.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            return invalid(List.of(Map.of("field", field, "message", databind.getOriginalMessage())));
        }
        String reason = e.getCause() instanceof DecodingException decoding ? decoding.getMessage() : e.getReason();
        return problem(HttpStatus.BAD_REQUEST, "unreadable-body", "The request body cannot be read",
                reason == null ? "the request body is missing or is not JSON" : reason);
    }

    private static ProblemDetail invalid(List<Map<String, String>> errors) {
        String detail = errors.stream().map(error -> error.get("field") + ": " + error.get("message"))
                .collect(Collectors.joining("; "));
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "The request is not valid", detail);
        problem.setProperty("errors", errors);
        return problem;
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPES + type));
        problem.setTitle(title);
        return problem;
    }

    private static String messageOf(FieldError error) {
        return error.getDefaultMessage() == null ? "is not valid" : error.getDefaultMessage();
    }

    private static String snakeCase(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }
}
