package dev.touchflow.enrollment.campaign;

import dev.touchflow.platform.audit.AuditTrail;
import dev.touchflow.platform.security.Caller;
import dev.touchflow.platform.web.InvalidFieldException;
import dev.touchflow.platform.web.NotFoundException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Campaigns and their steps; every change makes a new version. DELETE archives. A caller sees and
 * edits only campaigns of its token's clients; another client's campaign is not there (404).
 */
@RestController
@RequestMapping("/api/v1/campaigns")
class CampaignController {

    record StatusRequest(
            @NotNull(message = "must be active, paused or archived")
            @Pattern(regexp = "active|paused|archived", message = "must be active, paused or archived")
            String status) {}

    private final CampaignRepository campaigns;
    private final EditingCampaigns editing;

    private final AuditTrail audit;
    private final TransactionalOperator transactions;

    CampaignController(
            CampaignRepository campaigns,
            EditingCampaigns editing,
            AuditTrail audit,
            TransactionalOperator transactions) {
        this.campaigns = campaigns;
        this.editing = editing;
        this.audit = audit;
        this.transactions = transactions;
    }

    @GetMapping
    Flux<CampaignVersion> list(
            @RequestParam(required = false) @Pattern(regexp = "active|paused|archived") String status, Caller caller) {
        return campaigns.all(status).filter(campaign -> caller.sees(campaign.clientId()));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<CampaignVersion> create(@Valid @RequestBody CampaignDefinition definition, Caller caller) {
        return ownClient(definition, caller)
                .then(Mono.defer(() -> audited(caller, "campaign.created", editing.create(definition))));
    }

    @GetMapping("/{slug}")
    Mono<CampaignVersion> get(@PathVariable String slug, Caller caller) {
        return caller.visible(
                campaigns.currentVersion(slug), CampaignVersion::clientId, "no campaign with slug " + slug);
    }

    @GetMapping("/{slug}/versions/{version}")
    Mono<CampaignVersion> version(@PathVariable String slug, @PathVariable int version, Caller caller) {
        return get(slug, caller)
                .flatMap(current -> campaigns
                        .version(current.campaignId(), version)
                        .switchIfEmpty(
                                Mono.error(() -> new NotFoundException("no version " + version + " of " + slug))));
    }

    @PutMapping("/{slug}")
    Mono<CampaignVersion> update(
            @PathVariable String slug, @Valid @RequestBody CampaignDefinition definition, Caller caller) {
        return get(slug, caller)
                .then(ownClient(definition, caller))
                .then(Mono.defer(() -> audited(caller, "campaign.updated", editing.update(slug, definition))));
    }

    @PutMapping("/{slug}/status")
    Mono<CampaignVersion> status(@PathVariable String slug, @Valid @RequestBody StatusRequest request, Caller caller) {
        return get(slug, caller)
                .then(Mono.defer(() -> audited(
                        caller,
                        "campaign.status:" + request.status() + "",
                        editing.setStatus(slug, request.status()))));
    }

    @DeleteMapping("/{slug}")
    Mono<CampaignVersion> archive(@PathVariable String slug, Caller caller) {
        return get(slug, caller)
                .then(Mono.defer(() -> audited(caller, "campaign.archived", editing.setStatus(slug, "archived"))));
    }

    @PostMapping("/{slug}/steps")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<CampaignVersion> addStep(@PathVariable String slug, @Valid @RequestBody StepDefinition step, Caller caller) {
        return get(slug, caller)
                .then(Mono.defer(() -> audited(caller, "campaign.step_added", editing.addStep(slug, step))));
    }

    @PutMapping("/{slug}/steps/{number}")
    Mono<CampaignVersion> updateStep(
            @PathVariable String slug,
            @PathVariable int number,
            @Valid @RequestBody StepDefinition step,
            Caller caller) {
        return get(slug, caller)
                .then(Mono.defer(() -> audited(
                        caller, "campaign.step_updated:" + number + "", editing.updateStep(slug, number, step))));
    }

    @DeleteMapping("/{slug}/steps/{number}")
    Mono<CampaignVersion> deleteStep(@PathVariable String slug, @PathVariable int number, Caller caller) {
        return get(slug, caller)
                .then(Mono.defer(() ->
                        audited(caller, "campaign.step_deleted:" + number + "", editing.deleteStep(slug, number))));
    }

    /** The change and its audit entry (who, which version) commit together. */
    private Mono<CampaignVersion> audited(Caller caller, String action, Mono<CampaignVersion> change) {
        return transactions.transactional(change.flatMap(version -> audit.record(
                        caller,
                        action,
                        version.clientId(),
                        "campaign",
                        version.slug(),
                        Map.of("version", version.version()))
                .thenReturn(version)));
    }

    /** A campaign is made for a client the caller acts for; another client reads as unknown. */
    private static Mono<Void> ownClient(CampaignDefinition definition, Caller caller) {
        return caller.sees(definition.clientId())
                ? Mono.empty()
                : Mono.error(new InvalidFieldException("client_id", "no client " + definition.clientId()));
    }
}
