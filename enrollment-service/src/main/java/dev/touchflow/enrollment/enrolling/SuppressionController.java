package dev.touchflow.enrollment.enrolling;

import dev.touchflow.platform.audit.AuditTrail;
import dev.touchflow.platform.security.Caller;
import dev.touchflow.platform.web.NotFoundException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * Lifting a suppression, which only an admin may do and only with a reason: the contact may be enrolled
 * again. Dispatch keeps its own list of who may not be written to and lifts it by the same call; the
 * console does both.
 */
@RestController
class SuppressionController {

    private final SuppressedContacts suppressed;
    private final AuditTrail audit;
    private final TransactionalOperator transactions;

    SuppressionController(SuppressedContacts suppressed, AuditTrail audit, TransactionalOperator transactions) {
        this.suppressed = suppressed;
        this.audit = audit;
        this.transactions = transactions;
    }

    /** Lifts an address's suppression ({@code contact:<id>}: every address of that contact); 404 when none. */
    @PostMapping("/api/v1/suppressions/lift")
    Flux<SuppressedContacts.Lifted> lift(@Valid @RequestBody Lift lift, Caller caller) {
        String notFound = "no suppression of " + lift.address() + " for client " + lift.clientId();
        if (!caller.sees(lift.clientId())) {
            return Flux.error(new NotFoundException(notFound));
        }
        return transactions
                .transactional(suppressed
                        .lift(lift.clientId(), lift.address())
                        .concatMap(lifted -> audit.record(
                                        caller,
                                        "suppression.lifted",
                                        lifted.clientId(),
                                        "suppression",
                                        lifted.email(),
                                        Map.of(
                                                "reason", lift.reason(),
                                                "was", lifted.reason(),
                                                "suppressed_at",
                                                        lifted.suppressedAt().toString()))
                                .thenReturn(lifted)))
                .switchIfEmpty(Flux.error(() -> new NotFoundException(notFound)));
    }

    record Lift(
            @NotBlank @Size(max = 100) String clientId,
            @NotBlank @Size(max = 320) String address,
            @NotBlank @Size(max = 500) String reason) {}
}
