package dev.touchflow.dispatch.suppression;

import dev.touchflow.platform.security.Caller;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/** The suppression list, as an operator reads it: who is never written to again, why, and since when. */
@RestController
class SuppressionController {

    private final Suppressions suppressions;

    SuppressionController(Suppressions suppressions) {
        this.suppressions = suppressions;
    }

    @GetMapping("/api/v1/suppressions")
    Flux<Suppressions.Entry> list(
            @RequestParam(required = false) String client,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset,
            Caller caller) {
        return suppressions.list(caller.clientFilter(client), limit, offset);
    }
}
