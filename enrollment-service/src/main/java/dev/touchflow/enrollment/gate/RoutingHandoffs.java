package dev.touchflow.enrollment.gate;

import dev.touchflow.enrollment.campaign.CampaignRepository;
import dev.touchflow.enrollment.campaign.CampaignVersion;
import dev.touchflow.enrollment.command.EnrollCommands;
import dev.touchflow.platform.audit.AuditTrail;
import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.outbox.OutboundEvent;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.platform.security.Caller;
import dev.touchflow.platform.tracing.Traces;
import dev.touchflow.platform.web.ConflictException;
import dev.touchflow.platform.web.InvalidFieldException;
import dev.touchflow.schemas.common.EventHeader;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A person routes a handoff: the request is marked routed and one enroll command per campaign is published. */
@Service
class RoutingHandoffs {

    private final GateRepository gate;
    private final CampaignRepository campaigns;
    private final OutboxWriter outbox;
    private final EventMetadata metadata;
    private final TransactionalOperator transactions;
    private final Clock clock;

    private final AuditTrail audit;
    private final Traces traces;

    RoutingHandoffs(
            GateRepository gate,
            CampaignRepository campaigns,
            OutboxWriter outbox,
            EventMetadata metadata,
            TransactionalOperator transactions,
            Clock clock,
            AuditTrail audit,
            Traces traces) {
        this.audit = audit;
        this.traces = traces;
        this.gate = gate;
        this.campaigns = campaigns;
        this.outbox = outbox;
        this.metadata = metadata;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Routes a pending handoff the caller sees (another client's is not there: 404); {@code routed_by} is the caller. */
    Mono<GateRequest> route(UUID id, RouteRequest decision, Caller caller) {
        return caller.visible(gate.find(id), GateRequest::clientId, "no gate request " + id)
                .flatMap(request -> request.pending()
                        ? validated(request, decision.campaigns(), caller)
                                .then(traces.continuing(
                                        request.traceparent(),
                                        "route gate request",
                                        () -> transactions.transactional(routed(request, decision, caller.name())
                                                .flatMap(routed -> audit.record(
                                                                caller,
                                                                "gate.routed",
                                                                routed.clientId(),
                                                                "gate_request",
                                                                routed.id(),
                                                                Map.of("campaigns", decision.campaigns()))
                                                        .thenReturn(routed)))))
                        : Mono.error(new ConflictException(
                                "gate request " + id + " was already routed to " + request.routedCampaigns())));
    }

    private Mono<Void> validated(GateRequest request, List<String> slugs, Caller caller) {
        return Flux.range(0, slugs.size())
                .concatMap(i -> campaigns
                        .currentVersion(slugs.get(i))
                        .filter(campaign -> caller.sees(campaign.clientId()))
                        .switchIfEmpty(Mono.error(() -> new InvalidFieldException(
                                "campaigns[" + i + "]", "no campaign with slug " + slugs.get(i))))
                        .flatMap(campaign -> problemWith(request, campaign)
                                .map(problem -> Mono.<CampaignVersion>error(
                                        new InvalidFieldException("campaigns[" + i + "]", problem)))
                                .orElse(Mono.just(campaign))))
                .then();
    }

    private static Optional<String> problemWith(GateRequest request, CampaignVersion campaign) {
        if (!campaign.clientId().equals(request.clientId())) {
            return Optional.of(
                    campaign.slug() + " belongs to client " + campaign.clientId() + ", not " + request.clientId());
        }
        if (!campaign.active()) {
            return Optional.of(campaign.slug() + " is " + campaign.status());
        }
        return Optional.empty();
    }

    private Mono<GateRequest> routed(GateRequest request, RouteRequest decision, String by) {
        return gate.markRouted(
                        request.id(), decision.campaigns(), decision.goal(), decision.notes(), by, clock.instant())
                .flatMap(marked -> marked
                        ? Flux.fromIterable(decision.campaigns())
                                .concatMap(slug -> outbox.append(enroll(request, decision, slug)))
                                .then()
                        : Mono.error(new ConflictException("gate request " + request.id() + " was routed meanwhile")))
                .then(gate.find(request.id()));
    }

    private OutboundEvent enroll(GateRequest request, RouteRequest decision, String slug) {
        EventHeader header =
                metadata.header(request.clientId(), request.contact().id(), request.eventId(), request.eventId());
        return EnrollCommands.enroll(header, slug, request.contact(), decision.goal(), decision.notes(), "gate");
    }
}
