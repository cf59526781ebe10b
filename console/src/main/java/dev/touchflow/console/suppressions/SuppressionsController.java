package dev.touchflow.console.suppressions;

import dev.touchflow.console.Pages;
import dev.touchflow.console.security.Person;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Who is never written to again, searched by address or contact; an admin lifts an entry with a reason
 * (the services refuse anyone else, and keep who did it in their audit trails).
 */
@Controller
class SuppressionsController {

    /** dispatch-service's limit on a search. */
    static final int SEARCH_LIMIT = 200;

    private final SuppressionsApi suppressions;
    private final Person person;

    SuppressionsController(SuppressionsApi suppressions, Person person) {
        this.suppressions = suppressions;
        this.person = person;
    }

    @GetMapping("/suppressions")
    Mono<String> list(
            @RequestParam(required = false) String search,
            @RequestParam(required = false) String notice,
            ServerWebExchange exchange,
            Model model) {
        String wanted = search == null || search.isBlank() ? null : search.strip();
        model.addAttribute("search", wanted);
        boolean tooLong = wanted != null && wanted.length() > SEARCH_LIMIT;
        model.addAttribute("notice", tooLong ? "Search for at most " + SEARCH_LIMIT + " characters." : notice);
        Mono<List<Map<String, Object>>> found = tooLong
                ? Mono.just(List.of())
                : suppressions.search(wanted).collectList().onErrorResume(WebClientResponseException.class, refused -> {
                    model.addAttribute("notice", "Not searched: " + refused.getStatusText() + ".");
                    return Mono.just(List.of());
                });
        return person.admin(exchange)
                .doOnNext(admin -> model.addAttribute("admin", admin))
                .then(found)
                .doOnNext(entries -> model.addAttribute("entries", entries))
                .thenReturn("suppressions");
    }

    @PostMapping("/suppressions/lift")
    Mono<ResponseEntity<Void>> lift(ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            String reason = form.getFirst("reason");
            if (reason == null || reason.isBlank()) {
                return Mono.just(Pages.seeOther("/suppressions", "Not lifted: say why.", ""));
            }
            return Pages.after(
                    suppressions.lift(form.getFirst("client_id"), form.getFirst("address"), reason.strip()),
                    "/suppressions",
                    "Lifted: " + form.getFirst("address") + " may be written to again.",
                    "");
        });
    }
}
