package dev.touchflow.enrollment.campaign;

import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.outbox.OutboundEvent;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.platform.web.ConflictException;
import dev.touchflow.platform.web.InvalidFieldException;
import dev.touchflow.platform.web.NotFoundException;
import dev.touchflow.schemas.campaign.CampaignVersionPublished;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.topics.Topics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Creates and edits campaigns. Every edit of a campaign or its steps writes a new version, which
 * new enrollments get while running ones keep theirs, and publishes it on
 * {@code touchflow.campaign-versions}.
 */
@Service
public class EditingCampaigns {

    private final CampaignRepository campaigns;
    private final CampaignStore store;
    private final ClientRepository clients;
    private final OutboxWriter outbox;
    private final EventMetadata metadata;
    private final TransactionalOperator transactions;
    private final Clock clock;

    EditingCampaigns(
            CampaignRepository campaigns,
            CampaignStore store,
            ClientRepository clients,
            OutboxWriter outbox,
            EventMetadata metadata,
            TransactionalOperator transactions,
            Clock clock) {
        this.campaigns = campaigns;
        this.store = store;
        this.clients = clients;
        this.outbox = outbox;
        this.metadata = metadata;
        this.transactions = transactions;
        this.clock = clock;
    }

    public Mono<CampaignVersion> create(CampaignDefinition definition) {
        return clients.exists(definition.clientId())
                .flatMap(known -> known
                        ? campaigns.exists(definition.slug())
                        : Mono.error(new InvalidFieldException("client_id", "no client " + definition.clientId())))
                .flatMap(taken -> taken
                        ? Mono.error(new ConflictException("a campaign with slug " + definition.slug() + " exists"))
                        : validated(definition))
                .flatMap(valid -> transactions.transactional(
                        store.create(valid, clock.instant()).then(published(valid.slug()))));
    }

    public Mono<CampaignVersion> update(String slug, CampaignDefinition definition) {
        return current(slug).flatMap(campaign -> {
            if (!campaign.slug().equals(definition.slug())) {
                return Mono.error(new InvalidFieldException("slug", "a campaign's slug cannot change"));
            }
            if (!campaign.clientId().equals(definition.clientId())) {
                return Mono.error(new InvalidFieldException("client_id", "a campaign's client cannot change"));
            }
            return newVersion(campaign, definition);
        });
    }

    public Mono<CampaignVersion> addStep(String slug, StepDefinition step) {
        return editSteps(slug, steps -> {
            int at = Math.min(Math.max(step.stepNumber(), 1), steps.size() + 1);
            steps.add(at - 1, step);
            return steps;
        });
    }

    public Mono<CampaignVersion> updateStep(String slug, int number, StepDefinition step) {
        return editSteps(slug, steps -> {
            steps.set(indexOf(steps, number), step.renumbered(number));
            return steps;
        });
    }

    public Mono<CampaignVersion> deleteStep(String slug, int number) {
        return editSteps(slug, steps -> {
            steps.remove(indexOf(steps, number));
            if (steps.isEmpty()) {
                throw new InvalidFieldException("step_number", "a campaign keeps at least one step");
            }
            return steps;
        });
    }

    /** Sets a campaign's status (active, paused, archived) and publishes it. */
    public Mono<CampaignVersion> setStatus(String slug, String status) {
        return current(slug)
                .flatMap(campaign ->
                        transactions.transactional(store.setStatus(campaign.campaignId(), status, clock.instant())
                                .then(published(slug))));
    }

    private Mono<CampaignVersion> editSteps(String slug, UnaryOperator<List<StepDefinition>> edit) {
        return current(slug).flatMap(campaign -> {
            List<StepDefinition> steps = edit.apply(new ArrayList<>(campaign.steps()));
            List<StepDefinition> renumbered = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                renumbered.add(steps.get(i).renumbered(i + 1));
            }
            return newVersion(campaign, campaign.definitionWith(renumbered));
        });
    }

    private Mono<CampaignVersion> newVersion(CampaignVersion campaign, CampaignDefinition definition) {
        return validated(definition)
                .flatMap(valid ->
                        transactions.transactional(store.addVersion(campaign.campaignId(), valid, clock.instant())
                                .then(published(campaign.slug()))));
    }

    private Mono<CampaignDefinition> validated(CampaignDefinition definition) {
        return campaigns.exitRoutes().flatMap(routes -> {
            List<InvalidFieldException.Problem> problems = CampaignRules.check(definition, routes);
            return problems.isEmpty() ? Mono.just(definition) : Mono.error(new InvalidFieldException(problems));
        });
    }

    private Mono<CampaignVersion> current(String slug) {
        return campaigns
                .currentVersion(slug)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no campaign with slug " + slug)));
    }

    private Mono<CampaignVersion> published(String slug) {
        return campaigns
                .currentVersion(slug)
                .flatMap(version -> outbox.append(event(version)).thenReturn(version));
    }

    private OutboundEvent event(CampaignVersion version) {
        EventHeader header = metadata.header(version.clientId(), "", "campaign:" + version.slug(), null);
        CampaignVersionPublished published = CampaignVersionPublished.newBuilder()
                .setHeader(header)
                .setSlug(version.slug())
                .setName(version.name())
                .setClientId(version.clientId())
                .setVersion(version.version())
                .setStatus(version.status())
                .setClientTimezone(version.clientTimezone())
                .setGracePeriodMinutes(version.gracePeriodMinutes())
                .setSchedule(
                        version.schedule() == null ? null : version.schedule().toAvro())
                .setDrafting(version.drafting().toAvro())
                .setSteps(version.steps().stream().map(StepDefinition::toSpec).toList())
                .build();
        return new OutboundEvent(
                Topics.CAMPAIGN_VERSIONS, version.slug(), header, "CampaignVersionPublished", published);
    }

    private static int indexOf(List<StepDefinition> steps, int number) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).stepNumber() == number) {
                return i;
            }
        }
        throw new NotFoundException("no step " + number);
    }
}
