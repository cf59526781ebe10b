package dev.touchflow.dispatch.send;

import dev.touchflow.platform.web.ConflictException;
import dev.touchflow.platform.web.NotFoundException;
import dev.touchflow.platform.outbox.OutboxWriter;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.util.UUID;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The send queue, as an operator reads and steers it: cancel a send within its undo window (or a
 * task not yet done), and put a dead, failed or unknown send back in the queue.
 */
@RestController
@RequestMapping("/api/v1/sends")
class SendController {

    private final SendRepository sends;
    private final SendEvents events;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactions;
    private final Clock clock;

    SendController(SendRepository sends, SendEvents events, OutboxWriter outbox, TransactionalOperator transactions,
                   Clock clock) {
        this.sends = sends;
        this.events = events;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
    }

    @GetMapping
    Flux<Send> list(
            @RequestParam(required = false)
            @Pattern(regexp = "pending|sending|sent|failed|cancelled|dead|unknown|task") String status,
            @RequestParam(required = false) String client,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset) {
        return sends.withStatus(status, client, limit, offset);
    }

    @GetMapping("/{id}")
    Mono<Send> get(@PathVariable UUID id) {
        return sends.find(id).switchIfEmpty(Mono.error(() -> new NotFoundException("no send " + id)));
    }

    @PostMapping("/{id}/cancel")
    Mono<Send> cancel(@PathVariable UUID id, @RequestBody(required = false) Cancellation cancellation) {
        String reason = "cancelled by " + (cancellation == null || cancellation.by() == null ? "operator" : cancellation.by())
                + (cancellation == null || cancellation.reason() == null ? "" : ": " + cancellation.reason());
        return transactions.transactional(sends.cancel(id, reason, clock.instant())
                .flatMap(cancelled -> outbox.append(events.cancelled(cancelled, reason)).thenReturn(cancelled))
                .switchIfEmpty(Mono.defer(() -> refused(id, "cancelled", "only a pending send within its undo window, "
                        + "or a task not yet done, can be cancelled"))));
    }

    @PostMapping("/{id}/retry")
    Mono<Send> retry(@PathVariable UUID id) {
        return sends.requeue(id, clock.instant())
                .switchIfEmpty(Mono.defer(() -> refused(id, "retried", "only a dead, failed or unknown send can be retried")));
    }

    private Mono<Send> refused(UUID id, String action, String rule) {
        return sends.find(id)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no send " + id)))
                .flatMap(send -> Mono.error(new ConflictException("send " + id + " is " + send.status()
                        + ("pending".equals(send.status()) ? " and its undo window closed at " + send.undoUntil() : "")
                        + "; " + rule + " (not " + action + ")")));
    }

    record Cancellation(@Size(max = 200) String by, @Size(max = 2000) String reason) {
    }
}
