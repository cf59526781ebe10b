package dev.touchflow.dispatch.suppression;

import dev.touchflow.platform.audit.AuditTrail;
import dev.touchflow.platform.security.Caller;
import dev.touchflow.platform.web.NotFoundException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * The suppression list, as an operator reads it: who is never written to again, why, and since when,
 * searched by address or contact. Only an admin may lift an entry, and only with a reason (the person
 * asked to hear from the client again, an address that bounced was repaired); the audit trail keeps who
 * lifted what, why, and what the entry said.
 */
@RestController
class SuppressionController {

    private final Suppressions suppressions;
    private final AuditTrail audit;
    private final TransactionalOperator transactions;

    SuppressionController(Suppressions suppressions, AuditTrail audit, TransactionalOperator transactions) {
        this.suppressions = suppressions;
        this.audit = audit;
        this.transactions = transactions;
    }

    @GetMapping("/api/v1/suppressions")
    Flux<Suppressions.Entry> list(
            @RequestParam(required = false) String client,
            @RequestParam(required = false) @Size(max = 200) String search,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset,
            Caller caller) {
        return suppressions.list(caller.clientFilter(client), search, limit, offset);
    }

    /** Lifts the entry of an address (and the contact's other entries); 404 when the caller sees none. */
    @PostMapping("/api/v1/suppressions/lift")
    Flux<Suppressions.Entry> lift(@Valid @RequestBody Lift lift, Caller caller) {
        if (!caller.sees(lift.clientId())) {
            return Flux.error(new NotFoundException(lift.notFound()));
        }
        return transactions
                .transactional(suppressions
                        .lift(lift.clientId(), lift.address())
                        .concatMap(lifted -> audit.record(
                                        caller,
                                        "suppression.lifted",
                                        lifted.clientId(),
                                        "suppression",
                                        lifted.address(),
                                        detail(lifted, lift.reason()))
                                .thenReturn(lifted)))
                .switchIfEmpty(Flux.error(() -> new NotFoundException(lift.notFound())));
    }

    private static Map<String, Object> detail(Suppressions.Entry lifted, String reason) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("reason", reason);
        detail.put("was", lifted.reason() + " (" + lifted.source() + ")");
        detail.put("suppressed_at", lifted.at().toString());
        if (lifted.contactId() != null) {
            detail.put("contact_id", lifted.contactId());
        }
        return detail;
    }

    record Lift(
            @NotBlank @Size(max = 100) String clientId,
            @NotBlank @Size(max = 320) String address,
            @NotBlank @Size(max = 500) String reason) {

        String notFound() {
            return "no suppression of " + address + " for client " + clientId;
        }
    }
}
