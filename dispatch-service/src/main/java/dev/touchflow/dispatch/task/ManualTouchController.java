package dev.touchflow.dispatch.task;

import dev.touchflow.dispatch.send.ManualTouches;
import dev.touchflow.dispatch.send.Send;
import dev.touchflow.platform.audit.AuditTrail;
import dev.touchflow.platform.security.Caller;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Map;
import java.util.UUID;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Touches a person makes: LinkedIn, SMS, calls, tasks, and anything marked
 * {@code requires_personal_send}. Marking one done records the touch as sent.
 */
@RestController
@RequestMapping("/api/v1/tasks")
class ManualTouchController {

    private final ManualTouches manualTouches;

    private final AuditTrail audit;
    private final TransactionalOperator transactions;

    ManualTouchController(ManualTouches manualTouches, AuditTrail audit, TransactionalOperator transactions) {
        this.manualTouches = manualTouches;
        this.audit = audit;
        this.transactions = transactions;
    }

    @GetMapping
    Flux<Send> open(
            @RequestParam(required = false) String client,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset,
            Caller caller) {
        return manualTouches.open(caller.clientFilter(client), limit, offset);
    }

    /** The caller made the touch; who did it is the token's name. */
    @PostMapping("/{id}/done")
    Mono<Send> done(@PathVariable UUID id, Caller caller) {
        return caller.visible(manualTouches.find(id), Send::clientId, "no task " + id)
                .then(Mono.defer(() -> transactions.transactional(manualTouches
                        .done(id, caller.name())
                        .flatMap(done -> audit.record(caller, "task.done", done.clientId(), "send", id, Map.of())
                                .thenReturn(done)))));
    }
}
