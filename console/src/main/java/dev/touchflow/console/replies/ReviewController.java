package dev.touchflow.console.replies;

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
 * Replies to review: what the classifier was not sure of, with its guess and confidence; one click gives
 * each its label, which acts on the enrollment as a classified reply would (an opt-out stops it).
 */
@Controller
class ReviewController {

    /** The labels a person can give, most often needed first. */
    static final List<String> LABELS = List.of(
            "interested",
            "meeting_request",
            "question",
            "later",
            "not_interested",
            "unsubscribe",
            "referral",
            "out_of_office",
            "auto_reply",
            "bounce");

    private final RepliesApi replies;

    ReviewController(RepliesApi replies) {
        this.replies = replies;
    }

    @GetMapping("/replies")
    Mono<String> toReview(@RequestParam(required = false) String notice, Model model) {
        model.addAttribute("notice", notice);
        model.addAttribute("labels", LABELS);
        return replies.toReview()
                .collectList()
                .doOnNext(waiting -> model.addAttribute("replies", waiting))
                .thenReturn("replies");
    }

    @PostMapping("/replies/{id}/label")
    Mono<ResponseEntity<Void>> label(@PathVariable UUID id, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            String label = form.getFirst("label");
            if (label == null || !LABELS.contains(label)) {
                return Mono.just(Pages.seeOther("/replies", "Choose one of the labels.", ""));
            }
            return Pages.after(replies.label(id, label), "/replies", "Labelled " + label + ".", "");
        });
    }
}
