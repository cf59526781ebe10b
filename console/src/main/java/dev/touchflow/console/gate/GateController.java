package dev.touchflow.console.gate;

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
 * The gate: booked meetings waiting to be routed, with who booked them, the meeting's notes and the
 * campaigns suggested (ticked already); route each to one or more campaigns with a goal and notes.
 */
@Controller
class GateController {

    static final List<String> GOALS = List.of("pipeline", "awareness", "credibility", "marketing_relief");

    private final EnrollmentApi enrollment;

    GateController(EnrollmentApi enrollment) {
        this.enrollment = enrollment;
    }

    @GetMapping("/gate")
    Mono<String> gate(@RequestParam(required = false) String notice, Model model) {
        model.addAttribute("notice", notice);
        model.addAttribute("goals", GOALS);
        return enrollment
                .campaigns()
                .collectList()
                .doOnNext(campaigns -> model.addAttribute("campaigns", campaigns))
                .then(enrollment.pending().collectList())
                .doOnNext(requests -> model.addAttribute("requests", requests))
                .thenReturn("gate");
    }

    @PostMapping("/gate/{id}/route")
    Mono<ResponseEntity<Void>> route(@PathVariable UUID id, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            List<String> campaigns = form.getOrDefault("campaigns", List.of());
            String goal = form.getFirst("goal");
            if (campaigns.isEmpty() || goal == null || !GOALS.contains(goal)) {
                return Mono.just(Pages.seeOther("/gate", "Route to at least one campaign, with a goal.", ""));
            }
            return Pages.after(
                    enrollment.route(id, campaigns, goal, form.getFirst("notes")),
                    "/gate",
                    "Routed to " + String.join(", ", campaigns) + ".",
                    "");
        });
    }
}
