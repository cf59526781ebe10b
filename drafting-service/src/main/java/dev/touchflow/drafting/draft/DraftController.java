package dev.touchflow.drafting.draft;

import dev.touchflow.platform.web.NotFoundException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.Map;
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

/** Staged drafts: list, read with history, approve. */
@RestController
@RequestMapping("/api/v1/drafts")
class DraftController {

    private final DraftRepository drafts;
    private final ApprovingDrafts approving;

    DraftController(DraftRepository drafts, ApprovingDrafts approving) {
        this.drafts = drafts;
        this.approving = approving;
    }

    @GetMapping
    Flux<Draft> list(
            @RequestParam(required = false)
            @Pattern(regexp = "pending|needs_attention|approved|rejected|expired|withdrawn") String status,
            @RequestParam(required = false) String client,
            @RequestParam(required = false) String campaign,
            @RequestParam(required = false) @Pattern(regexp = "email|linkedin|sms|call|task") String channel,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset) {
        return drafts.list(new DraftFilter(status, client, campaign, channel, limit, offset));
    }

    @GetMapping("/{id}")
    Mono<Map<String, Object>> get(@PathVariable UUID id) {
        return drafts.find(id)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no draft " + id)))
                .zipWith(drafts.history(id).collectList(),
                        (draft, history) -> Map.<String, Object>of("draft", draft, "history", history));
    }

    @PostMapping("/{id}/approve")
    Mono<Draft> approve(@PathVariable UUID id, @Valid @RequestBody(required = false) ApproveRequest request) {
        return approving.approve(id, request == null ? ApproveRequest.empty() : request);
    }

}
