package dev.touchflow.drafting.draft;

import dev.touchflow.platform.security.Caller;
import dev.touchflow.platform.web.SingleLine;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Staged drafts: list, read with versions and history, edit, approve (one or many), reject, regenerate. */
@RestController
@RequestMapping("/api/v1/drafts")
class DraftController {

    private final DraftRepository drafts;
    private final DraftHistory history;
    private final DecidingDrafts deciding;
    private final ApprovingInBulk approvingInBulk;
    private final RegeneratingDrafts regenerating;

    DraftController(
            DraftRepository drafts,
            DraftHistory history,
            DecidingDrafts deciding,
            ApprovingInBulk approvingInBulk,
            RegeneratingDrafts regenerating) {
        this.approvingInBulk = approvingInBulk;
        this.regenerating = regenerating;
        this.drafts = drafts;
        this.history = history;
        this.deciding = deciding;
    }

    @GetMapping
    Flux<Draft> list(
            @RequestParam(required = false)
                    @Pattern(regexp = "drafting|pending|needs_attention|approved|rejected|expired|withdrawn")
                    String status,
            @RequestParam(required = false) String client,
            @RequestParam(required = false) String campaign,
            @RequestParam(required = false) @Pattern(regexp = "email|linkedin|sms|call|task") String channel,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset,
            Caller caller) {
        return drafts.list(new DraftFilter(
                status == null ? null : DraftStatus.of(status),
                caller.clientFilter(client),
                campaign,
                channel,
                limit,
                offset));
    }

    @GetMapping("/{id}")
    Mono<Map<String, Object>> get(@PathVariable UUID id, Caller caller) {
        return visible(id, caller)
                .flatMap(draft -> history.versions(id)
                        .collectList()
                        .zipWith(history.history(id).collectList(), (versions, history) -> {
                            Map<String, Object> answer = new LinkedHashMap<>();
                            answer.put("draft", draft);
                            answer.put("versions", versions);
                            answer.put("history", history);
                            return answer;
                        }));
    }

    @PutMapping("/{id}")
    Mono<Draft> edit(@PathVariable UUID id, @Valid @RequestBody Content content, Caller caller) {
        return visible(id, caller).then(Mono.defer(() -> deciding.edit(id, content.edit(), caller.name())));
    }

    @PostMapping("/{id}/approve")
    Mono<Draft> approve(
            @PathVariable UUID id, @Valid @RequestBody(required = false) Content finalEdits, Caller caller) {
        return visible(id, caller)
                .then(Mono.defer(() -> deciding.approve(
                        id, finalEdits == null ? DecidingDrafts.Edit.NONE : finalEdits.edit(), caller.name())));
    }

    /** Approves each draft on its own; a draft of a client the caller does not see is {@code not_found}. */
    @PostMapping("/approve")
    Mono<Map<String, Object>> approveAll(@Valid @RequestBody Bulk bulk, Caller caller) {
        return approvingInBulk
                .approveAll(bulk.ids(), caller.name(), draft -> caller.sees(draft.clientId()))
                .collectList()
                .map(results -> Map.of("results", results));
    }

    @PostMapping("/{id}/reject")
    Mono<Draft> reject(@PathVariable UUID id, @Valid @RequestBody Rejection rejection, Caller caller) {
        return visible(id, caller).then(Mono.defer(() -> deciding.reject(id, rejection.reason(), caller.name())));
    }

    @PostMapping("/{id}/regenerate")
    Mono<Draft> regenerate(@PathVariable UUID id, Caller caller) {
        return visible(id, caller).then(Mono.defer(() -> regenerating.regenerate(id, caller.name())));
    }

    private Mono<Draft> visible(UUID id, Caller caller) {
        return caller.visible(drafts.find(id), Draft::clientId, "no draft " + id);
    }

    /** A person's subject and body; a missing field keeps the draft's. */
    record Content(
            @Size(max = 1000) @SingleLine String subject,
            @Size(max = 50_000) String body) {

        DecidingDrafts.Edit edit() {
            return new DecidingDrafts.Edit(subject, body);
        }
    }

    record Rejection(@Size(max = 2000) String reason) {}

    record Bulk(@NotEmpty @Size(max = 200) List<@NotNull UUID> ids) {}
}
