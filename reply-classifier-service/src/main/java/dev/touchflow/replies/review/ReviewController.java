package dev.touchflow.replies.review;

import dev.touchflow.platform.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The replies received, those waiting for a person among them, and a person's label for one. */
@RestController
class ReviewController {

    private final ReviewedReplies received;
    private final Relabelling relabelling;
    private final TransactionalOperator transactions;

    ReviewController(ReviewedReplies received, Relabelling relabelling, TransactionalOperator transactions) {
        this.received = received;
        this.relabelling = relabelling;
        this.transactions = transactions;
    }

    @GetMapping("/api/v1/replies")
    Flux<Map<String, Object>> replies(
            @RequestParam(required = false) @Pattern(regexp = "unmatched|received|needs_review|classified")
                    String status,
            @RequestParam(required = false) String client,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset,
            Caller caller) {
        List<String> clients = caller.clientFilter(client);
        return received.list(status, clients, limit, offset);
    }

    /** A person decides a reply's label: published, or published as a correction of the earlier label. */
    @PostMapping("/api/v1/replies/{id}/label")
    Mono<Map<String, Object>> label(
            @PathVariable UUID id, @Valid @RequestBody Relabelling.Decision decision, Caller caller) {
        return transactions.transactional(relabelling.decide(id, decision, caller));
    }
}
