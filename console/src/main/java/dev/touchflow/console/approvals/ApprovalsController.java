package dev.touchflow.console.approvals;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The approval screen: the drafts waiting for a person, most urgent first, each as it will be sent, with
 * what the checks found; approve or reject (with a reason) one key or one button each. A decision the
 * service refuses (already decided, a role that may not) comes back as a notice, never an error page.
 */
@Controller
class ApprovalsController {

    private final DraftingApi drafting;

    ApprovalsController(DraftingApi drafting) {
        this.drafting = drafting;
    }

    @GetMapping("/")
    ResponseEntity<Void> home() {
        return ResponseEntity.status(HttpStatus.SEE_OTHER)
                .location(URI.create("/approvals"))
                .build();
    }

    @GetMapping("/approvals")
    Mono<String> approvals(@RequestParam(required = false) String notice, Model model) {
        model.addAttribute("notice", notice);
        return drafting.pending()
                .collectList()
                .doOnNext(drafts -> model.addAttribute("drafts", drafts))
                .thenReturn("approvals");
    }

    @PostMapping("/approvals/{id}/approve")
    Mono<ResponseEntity<Void>> approve(@PathVariable UUID id) {
        return back(drafting.approve(id), "Approved.");
    }

    /** The reason comes in the form's body (WebFlux binds only the query string to a request parameter). */
    @PostMapping("/approvals/{id}/reject")
    Mono<ResponseEntity<Void>> reject(@PathVariable UUID id, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            String reason = form.getFirst("reason");
            if (reason == null || reason.isBlank()) {
                return Mono.just(seeApprovals("A rejection needs a reason."));
            }
            return back(drafting.reject(id, reason.strip()), "Rejected.");
        });
    }

    private static Mono<ResponseEntity<Void>> back(Mono<Void> decision, String done) {
        return decision.thenReturn(seeApprovals(done))
                .onErrorResume(
                        WebClientResponseException.class,
                        refused -> Mono.just(seeApprovals(
                                refused.getStatusCode().value() == 403
                                        ? "You may not decide this draft."
                                        : "Not done: " + refused.getStatusText() + " ("
                                                + refused.getStatusCode().value() + ")")));
    }

    private static ResponseEntity<Void> seeApprovals(String notice) {
        return ResponseEntity.status(HttpStatus.SEE_OTHER)
                .location(URI.create("/approvals?notice=" + URLEncoder.encode(notice, StandardCharsets.UTF_8)))
                .build();
    }
}
