package dev.touchflow.sequencer.simulate;

import dev.touchflow.platform.security.Caller;
import dev.touchflow.platform.web.InvalidFieldException;
import dev.touchflow.schemas.campaign.CampaignVersionPublished;
import dev.touchflow.sequencer.calendar.SendingCalendars;
import dev.touchflow.sequencer.cap.CapProperties;
import dev.touchflow.sequencer.timer.Schedule;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The exact planned fire time of every step of a campaign for one contact, without enrolling anyone. */
@RestController
class SimulateController {

    record ContactRequest(@NotBlank String id, String email, String timezone) {}

    record OtherEnrollment(
            @NotBlank String campaign, @NotNull Instant start) {}

    record SimulateRequest(
            @NotNull @Valid ContactRequest contact,
            @NotNull Instant start,
            List<@Valid OtherEnrollment> otherEnrollments) {}

    private final CampaignVersions campaigns;
    private final SendingCalendars calendars;
    private final CapProperties cap;

    SimulateController(CampaignVersions campaigns, SendingCalendars calendars, CapProperties cap) {
        this.campaigns = campaigns;
        this.calendars = calendars;
        this.cap = cap;
    }

    @PostMapping("/api/v1/campaigns/{slug}/simulate")
    Mono<Map<String, List<Simulation.SimulatedStep>>> simulate(
            @PathVariable String slug, @Valid @RequestBody SimulateRequest request, Caller caller) {
        List<OtherEnrollment> others = request.otherEnrollments() == null ? List.of() : request.otherEnrollments();
        Mono<CampaignVersionPublished> target = caller.visible(
                campaigns.latest(slug), CampaignVersionPublished::getClientId, "no campaign with slug " + slug);
        Flux<CampaignVersionPublished> rest = Flux.range(0, others.size())
                .concatMap(i -> campaigns
                        .latest(others.get(i).campaign())
                        .filter(other -> caller.sees(other.getClientId()))
                        .switchIfEmpty(Mono.error(() -> new InvalidFieldException(
                                "other_enrollments[" + i + "].campaign",
                                "no campaign with slug " + others.get(i).campaign()))));
        return target.flatMap(campaign -> Flux.concat(Mono.just(campaign), rest)
                .index()
                .concatMap(indexed -> enrollment(
                        indexed.getT2(),
                        indexed.getT1() == 0
                                ? request.start()
                                : others.get((int) (indexed.getT1() - 1)).start(),
                        request.contact()))
                .collectList()
                .map(enrollments -> Map.of("steps", Simulation.run(enrollments, cap.capFor(campaign.getClientId())))));
    }

    private Mono<Simulation.Enrollment> enrollment(
            CampaignVersionPublished campaign, Instant start, ContactRequest contact) {
        String zone = contact.timezone() == null ? campaign.getClientTimezone() : contact.timezone();
        return calendars
                .of(zone, campaign.getSchedule())
                .map(calendar -> new Simulation.Enrollment(
                        campaign.getSlug(),
                        start,
                        new Schedule(
                                start,
                                calendar.zone(),
                                campaign.getSteps(),
                                Duration.ofMinutes(campaign.getGracePeriodMinutes())),
                        calendar));
    }
}
