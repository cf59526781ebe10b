package dev.touchflow.dispatch.send;

import dev.touchflow.platform.web.NotFoundException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The send queue, as an operator reads it. */
@RestController
@RequestMapping("/api/v1/sends")
class SendController {

    private final SendRepository sends;

    SendController(SendRepository sends) {
        this.sends = sends;
    }

    @GetMapping
    Flux<Send> list(
            @RequestParam(required = false)
            @Pattern(regexp = "pending|sending|sent|failed|cancelled|dead|unknown|task") String status,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset) {
        return sends.withStatus(status, limit, offset);
    }

    @GetMapping("/{id}")
    Mono<Send> get(@PathVariable UUID id) {
        return sends.find(id).switchIfEmpty(Mono.error(() -> new NotFoundException("no send " + id)));
    }
}
