package dev.touchflow.enrollment.gate;

import dev.touchflow.platform.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The exec gate: handoffs waiting for routing, and the routing decision. */
@RestController
@RequestMapping("/api/v1/gate")
class GateController {

    private final GateRepository gate;
    private final RoutingHandoffs routing;

    GateController(GateRepository gate, RoutingHandoffs routing) {
        this.gate = gate;
        this.routing = routing;
    }

    @GetMapping
    Flux<GateRequest> list(
            @RequestParam(defaultValue = "pending") @Pattern(regexp = "pending|routed") String status,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset,
            Caller caller) {
        return gate.withStatus(status, caller.clientFilter(null), limit, offset);
    }

    @GetMapping("/{id}")
    Mono<GateRequest> get(@PathVariable UUID id, Caller caller) {
        return caller.visible(gate.find(id), GateRequest::clientId, "no gate request " + id);
    }

    @PostMapping("/{id}/route")
    Mono<GateRequest> route(@PathVariable UUID id, @Valid @RequestBody RouteRequest decision, Caller caller) {
        return routing.route(id, decision, caller);
    }
}
