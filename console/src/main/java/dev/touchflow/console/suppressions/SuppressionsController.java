package dev.touchflow.console.suppressions;

import dev.touchflow.console.Pages;
import dev.touchflow.console.security.Person;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Who is never written to again, searched by address or contact; an admin lifts an entry with a reason
 * (the services refuse anyone else, and keep who did it in their audit trails).
 */
@Controller
class SuppressionsController {

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
        model.addAttribute("notice", notice);
        return person.admin(exchange)
                .doOnNext(admin -> model.addAttribute("admin", admin))
                .then(suppressions.search(wanted).collectList())
                .doOnNext(found -> model.addAttribute("entries", found))
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
