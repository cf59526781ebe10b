package dev.touchflow.dispatch.send;

import dev.touchflow.platform.audit.AuditTrail;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.platform.security.Caller;
import dev.touchflow.platform.web.ConflictException;
import dev.touchflow.platform.web.NotFoundException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.util.Map;
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
    private final ListedSends listed;
    private final WaitingSends waiting;
    private final RefusedApprovals refusedApprovals;
    private final SendEvents events;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactions;
    private final Clock clock;

    private final AuditTrail audit;

    SendController(
            SendRepository sends,
            ListedSends listed,
            WaitingSends waiting,
            RefusedApprovals refusedApprovals,
            SendEvents events,
            OutboxWriter outbox,
            TransactionalOperator transactions,
            Clock clock,
            AuditTrail audit) {
        this.audit = audit;
        this.sends = sends;
        this.listed = listed;
        this.waiting = waiting;
        this.refusedApprovals = refusedApprovals;
        this.events = events;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
    }

    @GetMapping
    Flux<Send> list(
            @RequestParam(required = false)
                    @Pattern(regexp = "pending|sending|sent|failed|cancelled|dead|unknown|task|refused")
                    String status,
            @RequestParam(required = false) String client,
            @RequestParam(required = false) UUID draft,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset,
            Caller caller) {
        if (draft != null) {
            return listed.ofDraft(draft, caller.clientFilter(client));
        }
        SendStatus wanted = status == null ? null : SendStatus.of(status);
        if (wanted == SendStatus.REFUSED) {
            // refused on arrival (kept apart from the queue), then refused right before sending
            return refusedApprovals
                    .list(caller.clientFilter(client), limit, offset)
                    .concatWith(listed.withStatus(wanted, caller.clientFilter(client), limit, offset))
                    .take(limit);
        }
        return listed.withStatus(wanted, caller.clientFilter(client), limit, offset);
    }

    @GetMapping("/{id}")
    Mono<Send> get(@PathVariable UUID id, Caller caller) {
        return caller.visible(sends.find(id), Send::clientId, "no send " + id);
    }

    /** Cancels a send within its undo window; who cancelled is the token's name. */
    @PostMapping("/{id}/cancel")
    Mono<Send> cancel(
            @PathVariable UUID id, @Valid @RequestBody(required = false) Cancellation cancellation, Caller caller) {
        String reason = "cancelled by " + caller.name()
                + (cancellation == null || cancellation.reason() == null ? "" : ": " + cancellation.reason());
        return get(id, caller)
                .then(Mono.defer(() -> transactions.transactional(waiting.cancel(id, reason, clock.instant())
                        .flatMap(cancelled -> outbox.append(events.cancelled(cancelled, reason))
                                .then(audit.record(
                                        caller,
                                        "send.cancelled",
                                        cancelled.clientId(),
                                        "send",
                                        id,
                                        Map.of("reason", reason)))
                                .thenReturn(cancelled))
                        .switchIfEmpty(Mono.defer(() -> refused(
                                id,
                                "cancelled",
                                "only a pending send within its undo window, "
                                        + "or a task not yet done, can be cancelled"))))));
    }

    /**
     * Puts a dead or failed send back in the queue. An {@code unknown} send (cut off while the server
     * was being spoken to, so it may have been delivered) goes back only with
     * {@code {"acknowledge_possible_duplicate": true}}.
     */
    @PostMapping("/{id}/retry")
    Mono<Send> retry(@PathVariable UUID id, @RequestBody(required = false) Retry retry, Caller caller) {
        boolean acknowledged = retry != null && Boolean.TRUE.equals(retry.acknowledgePossibleDuplicate());
        return get(id, caller)
                .flatMap(send -> send.status() == SendStatus.UNKNOWN && !acknowledged
                        ? Mono.error(
                                new ConflictException("send " + id + " is unknown: it may have been delivered already; "
                                        + "retry it only with {\"acknowledge_possible_duplicate\": true}"))
                        : transactions
                                .transactional(sends.requeue(id, acknowledged, clock.instant())
                                        .flatMap(requeued -> audit.record(
                                                        caller,
                                                        "send.retried",
                                                        requeued.clientId(),
                                                        "send",
                                                        id,
                                                        Map.of(
                                                                "was",
                                                                send.status().wire(),
                                                                "acknowledged_possible_duplicate",
                                                                acknowledged))
                                                .thenReturn(requeued)))
                                .switchIfEmpty(Mono.defer(() ->
                                        refused(id, "retried", "only a dead, failed or unknown send can be retried"))));
    }

    private Mono<Send> refused(UUID id, String action, String rule) {
        return sends.find(id)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no send " + id)))
                .flatMap(send -> Mono.error(new ConflictException("send " + id + " is " + send.status()
                        + (send.status() == SendStatus.PENDING
                                ? " and its undo window closed at "
                                        + send.progress().undoUntil()
                                : "")
                        + "; " + rule + " (not " + action + ")")));
    }

    record Cancellation(@Size(max = 2000) String reason) {}

    /**
     * @param acknowledgePossibleDuplicate an {@code unknown} send may already have been delivered: putting
     *                                     it back in the queue can send it twice, so the caller must say so
     */
    record Retry(Boolean acknowledgePossibleDuplicate) {}
}
