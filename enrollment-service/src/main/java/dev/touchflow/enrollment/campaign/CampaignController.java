package dev.touchflow.enrollment.campaign;

import dev.touchflow.platform.web.NotFoundException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpStatus;
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

/** Campaigns and their steps; every change makes a new version. DELETE archives. */
@RestController
@RequestMapping("/api/v1/campaigns")
class CampaignController {

    record StatusRequest(@Pattern(regexp = "active|paused|archived", message = "must be active, paused or archived")
                         String status) {
    }

    private final CampaignRepository campaigns;
    private final EditingCampaigns editing;

    CampaignController(CampaignRepository campaigns, EditingCampaigns editing) {
        this.campaigns = campaigns;
        this.editing = editing;
    }

    @GetMapping
    Flux<CampaignVersion> list(@RequestParam(required = false)
                               @Pattern(regexp = "active|paused|archived") String status) {
        return campaigns.all(status);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<CampaignVersion> create(@Valid @RequestBody CampaignDefinition definition) {
        return editing.create(definition);
    }

    @GetMapping("/{slug}")
    Mono<CampaignVersion> get(@PathVariable String slug) {
        return campaigns.currentVersion(slug)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no campaign with slug " + slug)));
    }

    @GetMapping("/{slug}/versions/{version}")
    Mono<CampaignVersion> version(@PathVariable String slug, @PathVariable int version) {
        return get(slug).flatMap(current -> campaigns.version(current.campaignId(), version))
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no version " + version + " of " + slug)));
    }

    @PutMapping("/{slug}")
    Mono<CampaignVersion> update(@PathVariable String slug, @Valid @RequestBody CampaignDefinition definition) {
        return editing.update(slug, definition);
    }

    @PutMapping("/{slug}/status")
    Mono<CampaignVersion> status(@PathVariable String slug, @Valid @RequestBody StatusRequest request) {
        return editing.setStatus(slug, request.status());
    }

    @DeleteMapping("/{slug}")
    Mono<CampaignVersion> archive(@PathVariable String slug) {
        return editing.setStatus(slug, "archived");
    }

    @PostMapping("/{slug}/steps")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<CampaignVersion> addStep(@PathVariable String slug, @Valid @RequestBody StepDefinition step) {
        return editing.addStep(slug, step);
    }

    @PutMapping("/{slug}/steps/{number}")
    Mono<CampaignVersion> updateStep(@PathVariable String slug, @PathVariable int number,
                                     @Valid @RequestBody StepDefinition step) {
        return editing.updateStep(slug, number, step);
    }

    @DeleteMapping("/{slug}/steps/{number}")
    Mono<CampaignVersion> deleteStep(@PathVariable String slug, @PathVariable int number) {
        return editing.deleteStep(slug, number);
    }
}
