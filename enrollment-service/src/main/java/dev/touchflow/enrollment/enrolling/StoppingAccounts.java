package dev.touchflow.enrollment.enrolling;

import dev.touchflow.enrollment.campaign.CampaignRepository;
import dev.touchflow.enrollment.campaign.CampaignVersion;
import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.replies.ReplyClassified;
import java.util.Set;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A campaign version with {@code account_stop} pauses the replying person's colleagues in that
 * campaign (same CRM company id, or the same company email domain; never a personal mail provider's
 * domain) when a person answers, whatever they said. Automatic mail stops no one else.
 */
@Component
class StoppingAccounts {

    private static final Set<String> AUTOMATIC = Set.of("out_of_office", "auto_reply", "bounce");

    private final EnrollmentRepository enrollments;
    private final CampaignRepository campaigns;
    private final PausingForReplies pausing;
    private final EventMetadata metadata;

    StoppingAccounts(
            EnrollmentRepository enrollments,
            CampaignRepository campaigns,
            PausingForReplies pausing,
            EventMetadata metadata) {
        this.enrollments = enrollments;
        this.campaigns = campaigns;
        this.pausing = pausing;
        this.metadata = metadata;
    }

    Mono<Void> stop(ReplyClassified reply, Enrollment replying) {
        // a reply waiting for a person is not yet known to be a person's answer: its label, when given, decides
        if (AUTOMATIC.contains(reply.getLabel()) || ActingOnReplies.NEEDS_REVIEW.equals(reply.getLabel())) {
            return Mono.empty();
        }
        return campaigns
                .version(replying.campaignId(), replying.campaignVersion())
                .filter(CampaignVersion::accountStop)
                .flatMapMany(version -> enrollments.activeColleagues(
                        replying.campaignId(),
                        replying.clientId(),
                        replying.contact().id(),
                        replying.contact().companyId(),
                        CompanyDomains.of(replying.contact().email()).orElse(null)))
                .collectList()
                .flatMapIterable(colleagues -> colleagues)
                .concatMap(colleague -> pausing.pause(
                        colleague,
                        "account: a colleague replied (" + reply.getLabel() + ")",
                        colleagueHeader(colleague, reply.getHeader())))
                .then();
    }

    /** The colleague's own header (their contact and correlation), caused by the reply. */
    private EventHeader colleagueHeader(Enrollment colleague, EventHeader cause) {
        return metadata.header(
                colleague.clientId(), colleague.contact().id(), colleague.correlationId(), cause.getEventId());
    }
}
