package dev.touchflow.enrollment.gate;

import dev.touchflow.enrollment.campaign.ContactDetails;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * A referral reply ("not me, try maria@…") proposes the referred person at the exec gate, where a
 * person decides whether and where to enroll them: nobody is enrolled on a stranger's say-so. The
 * proposal suggests the referrer's campaign, carries the referrer's company, and is stored once per
 * reply event, so a replayed reply proposes nothing twice. Until a CRM gives the person an id, their
 * contact id is {@code referral:<address>}.
 */
@Service
public class ProposingReferrals {

    private final GateRepository gate;
    private final JsonMapper json;
    private final Clock clock;

    ProposingReferrals(GateRepository gate, JsonMapper json, Clock clock) {
        this.gate = gate;
        this.json = json;
        this.clock = clock;
    }

    public Mono<Void> propose(
            String clientId, ContactDetails referrer, String campaignSlug, String referralEmail, String replyEventId) {
        String address = referralEmail.strip().toLowerCase(Locale.ROOT);
        ContactDetails referred = new ContactDetails(
                "referral:" + address,
                address,
                null,
                null,
                referrer.company(),
                null,
                null,
                referrer.timezone(),
                referrer.companyId());
        String why = json.writeValueAsString(Map.of(
                "referred_by",
                referrer.id(),
                "referred_by_email",
                referrer.email(),
                "from_campaign",
                campaignSlug,
                "reply_event_id",
                replyEventId));
        return gate.add(
                new MeetingBooked(
                        "referral:" + replyEventId, clientId, referred, why, "referral", List.of(campaignSlug)),
                clock.instant());
    }
}
