package dev.touchflow.console;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

/**
 * A form's answer: back to its page with a notice of what happened. What the service refused (a role that
 * may not, a state that moved on) is said in the notice, never shown as an error page.
 */
public final class Pages {

    private Pages() {}

    /** Runs the action, then sends the browser to {@code page} saying {@code done}, or why it was refused. */
    public static Mono<ResponseEntity<Void>> after(Mono<Void> action, String page, String done, String more) {
        return action.thenReturn(seeOther(page, done, more))
                .onErrorResume(
                        WebClientResponseException.class,
                        refused -> Mono.just(seeOther(
                                page,
                                switch (refused.getStatusCode().value()) {
                                    case 403 -> "Your role may not do that.";
                                    case 404 -> "It is not there any more.";
                                    case 409 -> "Too late: it was decided or has left already.";
                                    case 400 -> "Not done: " + detail(refused);
                                    default ->
                                        "Not done: " + refused.getStatusText() + " ("
                                                + refused.getStatusCode().value() + ")";
                                },
                                "")));
    }

    /** What a problem+json refusal says is wrong, field by field. */
    private static String detail(WebClientResponseException refused) {
        try {
            ProblemDetail problem = refused.getResponseBodyAs(ProblemDetail.class);
            return problem == null || problem.getDetail() == null ? refused.getStatusText() : problem.getDetail();
        } catch (RuntimeException unreadable) {
            return refused.getStatusText();
        }
    }

    /** To {@code page} with a notice, and {@code more} query parameters ({@code &name=value…}). */
    public static ResponseEntity<Void> seeOther(String page, String notice, String more) {
        return ResponseEntity.status(HttpStatus.SEE_OTHER)
                .location(URI.create(page + "?notice=" + URLEncoder.encode(notice, StandardCharsets.UTF_8) + more))
                .build();
    }
}
