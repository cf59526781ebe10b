package dev.touchflow.enrollment.campaign;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads clients and campaigns from the file named by {@code touchflow.enrollment.seed}, each only
 * when it is new, so a restart changes nothing and a person's edits are kept.
 */
@Component
class CampaignSeed implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(CampaignSeed.class);

    record Client(String id, String name, String timezone) {}

    record Seed(List<Client> clients, List<CampaignDefinition> campaigns) {}

    private final String location;
    private final JsonMapper json;
    private final ClientRepository clients;
    private final CampaignRepository campaigns;
    private final EditingCampaigns editing;

    CampaignSeed(
            @Value("${touchflow.enrollment.seed:}") String location,
            JsonMapper json,
            ClientRepository clients,
            CampaignRepository campaigns,
            EditingCampaigns editing) {
        this.location = location;
        this.json = json;
        this.clients = clients;
        this.campaigns = campaigns;
        this.editing = editing;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (location.isBlank()) {
            return;
        }
        Resource resource = Files.exists(Path.of(location))
                ? new FileSystemResource(location)
                : new DefaultResourceLoader().getResource(location);
        Seed seed;
        try (var in = resource.getInputStream()) {
            seed = json.readValue(in, Seed.class);
        }
        Flux.fromIterable(seed.clients())
                .concatMap(client -> clients.ensure(client.id(), client.name(), client.timezone()))
                .thenMany(Flux.fromIterable(seed.campaigns()))
                .concatMap(campaign -> campaigns
                        .exists(campaign.slug())
                        .flatMap(exists -> exists
                                ? Mono.just(false)
                                : editing.create(campaign).thenReturn(true))
                        .doOnNext(created -> {
                            if (created) {
                                log.info(
                                        "seeded campaign {} with {} steps",
                                        campaign.slug(),
                                        campaign.steps().size());
                            }
                        }))
                .then()
                .block();
    }
}
