package dev.touchflow.platform.web;

import io.r2dbc.spi.R2dbcException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.core.MethodParameter;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerErrorException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.DatabindException;

/**
 * Every REST error as RFC 9457 problem+json. A bad request names each field at fault in
 * {@code errors: [{field, message}]} and in the detail; framework errors (405, 415, …) keep
 * Spring's problem details.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return Problems.problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        return Problems.problem(HttpStatus.CONFLICT, "conflict", "Conflict with the current state", e.getMessage());
    }

    @ExceptionHandler(ForbiddenException.class)
    ProblemDetail forbidden(ForbiddenException e) {
        return Problems.problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", e.getMessage());
    }

    @ExceptionHandler(InvalidFieldException.class)
    ProblemDetail invalidField(InvalidFieldException e) {
        return Problems.invalid(e.problems().stream()
                .map(problem -> Problems.error(problem.field(), problem.message()))
                .toList());
    }

    /**
     * The database is out of reach (connection refused, dropped or timed out): nothing is wrong with the
     * request and nothing was done; the caller is told to try again shortly, a 503 with
     * {@code Retry-After}, never a 500.
     */
    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class})
    ResponseEntity<ProblemDetail> unavailable(DataAccessException e) {
        ProblemDetail problem = Problems.problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "unavailable",
                "Temporarily unavailable",
                "the database cannot be reached just now; nothing was changed, try again shortly");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /**
     * Text PostgreSQL refuses to store or compare (a NUL character, SQLSTATE 22021; an untranslatable
     * character, 22P05) came from the request: the caller's mistake, a 400, not a 500. Any other
     * data access failure stays a server error.
     */
    @ExceptionHandler(DataAccessException.class)
    ProblemDetail unstorableText(DataAccessException e) {
        Throwable cause = e;
        while (cause != null && !(cause instanceof R2dbcException)) {
            cause = cause.getCause();
        }
        if (cause instanceof R2dbcException r2dbc
                && ("22021".equals(r2dbc.getSqlState()) || "22P05".equals(r2dbc.getSqlState()))) {
            return Problems.problem(
                    HttpStatus.BAD_REQUEST,
                    "unstorable-text",
                    "The request is not valid",
                    "a text value holds a character that cannot be stored (such as NUL, U+0000)");
        }
        throw e;
    }

    /** A path variable that converts to nothing (a blank id) is the caller's mistake, named. */
    @Override
    protected Mono<ResponseEntity<Object>> handleServerErrorException(
            ServerErrorException e, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        MethodParameter parameter = e.getMethodParameter();
        PathVariable variable = parameter == null ? null : parameter.getParameterAnnotation(PathVariable.class);
        if (variable != null) {
            String name = !variable.name().isEmpty()
                    ? variable.name()
                    : !variable.value().isEmpty()
                            ? variable.value()
                            : Problems.snakeCase(String.valueOf(parameter.getParameterName()));
            return badRequest(Problems.invalid(List.of(Problems.error(name, "must not be blank"))), exchange);
        }
        return super.handleServerErrorException(e, headers, status, exchange);
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(
            WebExchangeBindException e, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        return badRequest(
                Problems.invalid(
                        e.getFieldErrors().stream().map(Problems::error).toList()),
                exchange);
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleHandlerMethodValidationException(
            HandlerMethodValidationException e,
            HttpHeaders headers,
            HttpStatusCode status,
            ServerWebExchange exchange) {
        List<Map<String, String>> errors = new ArrayList<>();
        for (ParameterValidationResult result : e.getParameterValidationResults()) {
            if (result instanceof ParameterErrors bean) {
                bean.getFieldErrors().forEach(error -> errors.add(Problems.error(error)));
            } else {
                String name = Problems.parameterName(result);
                result.getResolvableErrors()
                        .forEach(error -> errors.add(Problems.error(name, Problems.messageOf(error))));
            }
        }
        return badRequest(Problems.invalid(errors), exchange);
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(
            ServerWebInputException e, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        Throwable cause = e.getCause();
        while (cause != null && !(cause instanceof DatabindException)) {
            cause = cause.getCause();
        }
        if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            String field = databind.getPath().stream()
                    .map(reference -> reference.getPropertyName() != null
                            ? reference.getPropertyName()
                            : "[" + reference.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            return badRequest(
                    Problems.invalid(List.of(Problems.error(field, databind.getOriginalMessage()))), exchange);
        }
        String reason = cause instanceof DatabindException databind ? databind.getOriginalMessage() : e.getReason();
        return badRequest(
                Problems.problem(
                        HttpStatus.BAD_REQUEST,
                        "unreadable-body",
                        "The request cannot be read",
                        reason == null ? "the request body is missing or is not JSON" : reason),
                exchange);
    }

    private Mono<ResponseEntity<Object>> badRequest(ProblemDetail problem, ServerWebExchange exchange) {
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        return createResponseEntity(problem, new HttpHeaders(), HttpStatus.BAD_REQUEST, exchange);
    }
}
