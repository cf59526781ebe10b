package dev.touchflow.console.sends;

import dev.touchflow.console.Pages;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Sends by status: waiting, sent, and those that need a person (dead, unknown, refused, failed), with
 * cancel for what still waits and retry for what did not leave. Retrying an unknown send (the server may
 * have taken it) asks the person to accept that it may arrive twice.
 */
@Controller
class SendsController {

    static final List<String> STATUSES =
            List.of("pending", "task", "sent", "dead", "unknown", "refused", "failed", "cancelled");

    private final Sends sends;

    SendsController(Sends sends) {
        this.sends = sends;
    }

    @GetMapping("/sends")
    Mono<String> list(
            @RequestParam(defaultValue = "pending") String status,
            @RequestParam(required = false) String notice,
            Model model) {
        String shown = STATUSES.contains(status) ? status : "pending";
        model.addAttribute("notice", notice);
        model.addAttribute("status", shown);
        model.addAttribute("statuses", STATUSES);
        return sends.withStatus(shown)
                .collectList()
                .doOnNext(listed -> model.addAttribute("sends", listed))
                .thenReturn("sends");
    }

    @PostMapping("/sends/{id}/cancel")
    Mono<ResponseEntity<Void>> cancel(@PathVariable UUID id) {
        return Pages.after(sends.cancel(id), "/sends", "Cancelled: it will not be sent.", "&status=cancelled");
    }

    @PostMapping("/sends/{id}/retry")
    Mono<ResponseEntity<Void>> retry(@PathVariable UUID id, ServerWebExchange exchange) {
        return exchange.getFormData()
                .flatMap(form -> Pages.after(
                        sends.retry(id, "yes".equals(form.getFirst("accept_duplicate"))),
                        "/sends",
                        "Back in the queue.",
                        "&status=pending"));
    }
}
