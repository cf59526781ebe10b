package dev.touchflow.console.approvals;

import dev.touchflow.console.Pages;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
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
 * The approval screen: the drafts waiting for a person, most urgent first, each as it will be sent, with
 * what the checks found; approve or reject (with a reason) one key or one button each. After an approval,
 * its send counts down its undo window with a Cancel. A decision the service refuses (already decided, a
 * role that may not) comes back as a notice, never an error page.
 */
@Controller
class ApprovalsController {

    private final DraftingApi drafting;
    private final DispatchApi dispatch;
    private final Clock clock;

    ApprovalsController(DraftingApi drafting, DispatchApi dispatch, Clock clock) {
        this.drafting = drafting;
        this.dispatch = dispatch;
        this.clock = clock;
    }

    @GetMapping("/")
    ResponseEntity<Void> home() {
        return ResponseEntity.status(HttpStatus.SEE_OTHER)
                .location(URI.create("/approvals"))
                .build();
    }

    @GetMapping("/approvals")
    Mono<String> approvals(
            @RequestParam(required = false) String notice, @RequestParam(required = false) UUID undo, Model model) {
        model.addAttribute("notice", notice);
        Mono<Void> undoable = undo == null
                ? Mono.empty()
                : dispatch.sendOf(undo)
                        .filter(send -> send.undoable(clock.instant()))
                        .doOnNext(send -> model.addAttribute("undo", send))
                        .then();
        return undoable.then(drafting.pending().collectList())
                .doOnNext(drafts -> model.addAttribute("drafts", drafts))
                .thenReturn("approvals");
    }

    @PostMapping("/approvals/{id}/approve")
    Mono<ResponseEntity<Void>> approve(@PathVariable UUID id) {
        return back(drafting.approve(id), "Approved.", "&undo=" + id);
    }

    /** Approves with the person's edits, made on the page: exactly that subject and body leave. */
    @PostMapping("/approvals/{id}/approve-edited")
    Mono<ResponseEntity<Void>> approveEdited(@PathVariable UUID id, ServerWebExchange exchange) {
        return exchange.getFormData()
                .flatMap(form -> back(
                        drafting.approveEdited(id, text(form.getFirst("subject")), text(form.getFirst("body"))),
                        "Approved as edited.",
                        "&undo=" + id));
    }

    /** Approves every draft ticked on the page, each on its own. */
    @PostMapping("/approvals/bulk")
    Mono<ResponseEntity<Void>> approveTicked(ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            List<UUID> ids = form.getOrDefault("ids", List.of()).stream()
                    .map(UUID::fromString)
                    .toList();
            if (ids.isEmpty()) {
                return Mono.just(seeApprovals("Tick the drafts to approve first (x).", ""));
            }
            return drafting.approveAll(ids)
                    .flatMap(approved -> back(Mono.empty(), "Approved " + approved + " of " + ids.size() + ".", ""));
        });
    }

    @PostMapping("/approvals/{id}/regenerate")
    Mono<ResponseEntity<Void>> regenerate(@PathVariable UUID id) {
        return back(drafting.regenerate(id), "Drafting it again: it comes back here when it is written.", "");
    }

    /** The reason comes in the form's body (WebFlux binds only the query string to a request parameter). */
    @PostMapping("/approvals/{id}/reject")
    Mono<ResponseEntity<Void>> reject(@PathVariable UUID id, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            String reason = form.getFirst("reason");
            if (reason == null || reason.isBlank()) {
                return Mono.just(seeApprovals("A rejection needs a reason.", ""));
            }
            return back(drafting.reject(id, reason.strip()), "Rejected.", "");
        });
    }

    @PostMapping("/approvals/sends/{id}/cancel")
    Mono<ResponseEntity<Void>> cancel(@PathVariable UUID id) {
        return back(dispatch.cancel(id), "Cancelled: it will not be sent.", "");
    }

    private static Mono<ResponseEntity<Void>> back(Mono<Void> decision, String done, String more) {
        return Pages.after(decision, "/approvals", done, more);
    }

    private static ResponseEntity<Void> seeApprovals(String notice, String more) {
        return Pages.seeOther("/approvals", notice, more);
    }

    private static String text(String field) {
        return field == null ? "" : field;
    }
}
