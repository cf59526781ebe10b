package dev.touchflow.enrollment.enrolling;

import dev.touchflow.enrollment.campaign.CampaignRepository;
import dev.touchflow.enrollment.campaign.CampaignVersion;
import dev.touchflow.enrollment.campaign.ContactDetails;
import dev.touchflow.enrollment.campaign.StepDefinition;
import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.ids.TimeOrderedIds;
import dev.touchflow.platform.outbox.OutboundEvent;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.enroll.EnrollContact;
import dev.touchflow.schemas.enrollment.Enrolled;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Carries out an enroll command: the contact starts the campaign's current version at step 1,
 * unless suppressed, the campaign is unknown, paused or another client's, or the contact already
 * runs through it. A refusal is recorded with its reason, never silent.
 */
@Service
public class EnrollingContacts {

    private static final Logger log = LoggerFactory.getLogger(EnrollingContacts.class);

    private final CampaignRepository campaigns;
    private final EnrollmentRepository enrollments;
    private final EnrollmentRefusals refusals;
    private final SuppressedContacts suppressed;
    private final OutboxWriter outbox;
    private final EventMetadata metadata;
    private final Clock clock;

    EnrollingContacts(
            CampaignRepository campaigns,
            EnrollmentRepository enrollments,
            EnrollmentRefusals refusals,
            SuppressedContacts suppressed,
            OutboxWriter outbox,
            EventMetadata metadata,
            Clock clock) {
        this.campaigns = campaigns;
        this.enrollments = enrollments;
        this.refusals = refusals;
        this.suppressed = suppressed;
        this.outbox = outbox;
        this.metadata = metadata;
        this.clock = clock;
    }

    /**
     * Enrolls one poll's commands, reading each campaign they name once rather than once per command:
     * a launch's thousands of commands name one campaign, and its version and steps are two of the five
     * statements an enrollment costs. The poll is taken in a moment; a campaign paused or edited meanwhile
     * applies from the next poll, as it would had the poll been taken a moment earlier. A read that fails
     * is not kept: the command after it reads again.
     */
    public Function<EnrollContact, Mono<Void>> enrollingOnePoll() {
        Map<String, Mono<CampaignVersion>> read = new ConcurrentHashMap<>();
        Function<String, Mono<CampaignVersion>> current = slug -> read.computeIfAbsent(
                slug,
                unread -> campaigns
                        .currentVersion(unread)
                        .cache(
                                version -> Duration.ofMillis(Long.MAX_VALUE),
                                failed -> Duration.ZERO,
                                () -> Duration.ZERO));
        return command -> enroll(command, current);
    }

    private Mono<Void> enroll(EnrollContact command, Function<String, Mono<CampaignVersion>> currentVersion) {
        EventHeader header = command.getHeader();
        return suppressed
                .suppression(header.getClientId(), command.getContact().getEmail())
                .flatMap(reason -> refuse(command, "contact is suppressed (" + reason + ")"))
                .switchIfEmpty(Mono.defer(() -> currentVersion
                        .apply(command.getCampaignSlug())
                        .flatMap(campaign -> enrollIn(campaign, command))
                        .switchIfEmpty(Mono.defer(
                                () -> refuse(command, "no campaign with slug " + command.getCampaignSlug())))))
                .then();
    }

    private Mono<Boolean> enrollIn(CampaignVersion campaign, EnrollContact command) {
        if (!campaign.clientId().equals(command.getHeader().getClientId())) {
            return refuse(command, "campaign belongs to client " + campaign.clientId());
        }
        if (!campaign.active()) {
            return refuse(command, "campaign is " + campaign.status());
        }
        Enrollment enrollment = new Enrollment(
                TimeOrderedIds.next(),
                campaign.clientId(),
                ContactDetails.fromAvro(command.getContact()),
                campaign.campaignId(),
                campaign.slug(),
                campaign.version(),
                "active",
                command.getEnrolledBy(),
                clock.instant(),
                null,
                null,
                command.getGoal(),
                command.getNotes(),
                command.getHeader().getCorrelationId(),
                command.getChain());
        return enrollments
                .addUnlessRunning(enrollment)
                .flatMap(added -> added
                        ? outbox.append(enrolled(enrollment, campaign, command.getHeader()))
                                .thenReturn(true)
                        : refuse(command, "contact is already enrolled in " + campaign.slug()));
    }

    private OutboundEvent enrolled(Enrollment enrollment, CampaignVersion campaign, EventHeader cause) {
        EventHeader header = metadata.causedBy(cause);
        Enrolled enrolled = Enrolled.newBuilder()
                .setEnrollmentId(enrollment.id().toString())
                .setCampaignSlug(campaign.slug())
                .setCampaignName(campaign.name())
                .setCampaignVersion(campaign.version())
                .setContact(enrollment.contact().toAvro())
                .setGoal(enrollment.goal())
                .setNotes(enrollment.notes())
                .setEnrolledBy(enrollment.enrolledBy())
                .setEnrolledAt(enrollment.enrolledAt())
                .setGracePeriodMinutes(campaign.gracePeriodMinutes())
                .setSteps(campaign.steps().stream().map(StepDefinition::toSpec).toList())
                .setTimezone(
                        enrollment.contact().timezone() != null
                                ? enrollment.contact().timezone()
                                : campaign.clientTimezone())
                .setSchedule(
                        campaign.schedule() == null ? null : campaign.schedule().toAvro())
                .setDrafting(campaign.drafting().toAvro())
                .build();
        return new OutboundEvent(
                Topics.ENROLLMENT,
                header,
                "Enrolled",
                EnrollmentEvent.newBuilder()
                        .setHeader(header)
                        .setPayload(enrolled)
                        .build());
    }

    private Mono<Boolean> refuse(EnrollContact command, String reason) {
        log.info("enrollment of {} in {} refused: {}", command.getContact().getId(), command.getCampaignSlug(), reason);
        return refusals.refuse(
                        command.getHeader().getClientId(),
                        command.getContact().getId(),
                        command.getCampaignSlug(),
                        reason,
                        command.getEnrolledBy(),
                        clock.instant())
                .thenReturn(false);
    }
}
