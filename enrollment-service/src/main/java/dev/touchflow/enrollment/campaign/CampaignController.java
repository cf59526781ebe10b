package dev.touchflow.enrollment.campaign;

import dev.touchflow.platform.web.NotFoundException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Read access to campaigns and their current version. */
@RestController
@RequestMapping("/api/v1/campaigns")
class CampaignController {

    private final CampaignRepository campaigns;

    CampaignController(CampaignRepository campaigns) {
        this.campaigns = campaigns;
    }

    @GetMapping
    Flux<CampaignVersion> list() {
        return campaigns.all();
    }

    @GetMapping("/{slug}")
    Mono<CampaignVersion> get(@PathVariable String slug) {
        return campaigns.currentVersion(slug)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no campaign with slug " + slug)));
    }
}
