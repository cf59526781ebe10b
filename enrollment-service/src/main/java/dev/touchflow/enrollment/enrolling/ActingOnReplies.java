package dev.touchflow.enrollment.enrolling;

import dev.touchflow.enrollment.gate.ProposingReferrals;
import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.schemas.replies.ReplyClassified;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * What a classified reply does to its enrollment, as LABELS.md says: a person who engages
 * (interested, meeting_request, question, referral) pauses the sequence and is handed to a human
 * (the pause withdraws a waiting draft, so the next step never goes out), and a referral with an
 * address proposes the referred person at the exec gate; not_interested exits
 * {@code rejected}; unsubscribe suppresses the contact and exits every running enrollment of theirs,
 * and so does a hard bounce (exit {@code bounced}); a soft bounce does nothing. An automatic reply
 * saying the person has left the company exits every running enrollment {@code left_company}.
 * Out-of-office and later are the sequencer's to defer. An enrollment that has moved on already is
 * left as it is, so a replayed or corrected reply does no harm.
 *
 * <p>A reply nothing could label ({@code needs_review}) holds the sequence: the enrollment is paused,
 * marked with that reply, until a person labels it. Their label (a correction of that event) then
 * acts as any label would, and one that asks nothing of the sequence (later, out_of_office, an
 * auto_reply, a soft bounce) resumes it; only the reply that held an enrollment releases it.
 *
 * <p>A campaign version with {@code account_stop} also pauses the replying person's colleagues in that
 * campaign (same CRM company id, or the same company email domain; never a personal mail provider's
 * domain) when a person answers, whatever they said: the account has spoken, and a human takes it over.
 * Automatic mail (out_of_office, auto_reply, bounce) stops no one else.
 */
@Service
public class ActingOnReplies {

    private static final Set<String> ENGAGED = Set.of("interested", "meeting_request", "question", "referral");
    /** The label of a reply no rule or model could label: a person will, in a correction of this event. */
    static final String NEEDS_REVIEW = "needs_review";

    private final EnrollmentRepository enrollments;
    private final EnrollmentExits exits;
    private final ManagingEnrollments managing;
    private final PausingForReplies pausing;
    private final StoppingAccounts accounts;
    private final EventMetadata metadata;
    private final ProposingReferrals referrals;

    ActingOnReplies(
            EnrollmentRepository enrollments,
            EnrollmentExits exits,
            ManagingEnrollments managing,
            PausingForReplies pausing,
            StoppingAccounts accounts,
            EventMetadata metadata,
            ProposingReferrals referrals) {
        this.enrollments = enrollments;
        this.exits = exits;
        this.managing = managing;
        this.pausing = pausing;
        this.accounts = accounts;
        this.metadata = metadata;
        this.referrals = referrals;
    }

    public Mono<Void> on(ReplyClassified reply) {
        if (reply.getEnrollmentId() == null) {
            return Mono.empty();
        }
        // The account first: an exit or unsubscribe below may end the enrollment this reads
        return enrollments
                .find(UUID.fromString(reply.getEnrollmentId()))
                .flatMap(enrollment -> accounts.stop(reply, enrollment).then(actOnOwn(reply, enrollment)));
    }

    private Mono<Void> actOnOwn(ReplyClassified reply, Enrollment enrollment) {
        String label = reply.getLabel();
        if (NEEDS_REVIEW.equals(label)) {
            return pausing.holdForReview(reply, enrollment);
        }
        // A person's label for a reply that held the sequence: one that asks nothing of it resumes it
        Mono<Void> released = reply.getCorrectsEventId() == null
                ? Mono.empty()
                : pausing.release(reply, enrollment, asksNothing(reply));
        return released.then(actOnLabel(reply, enrollment));
    }

    private Mono<Void> actOnLabel(ReplyClassified reply, Enrollment enrollment) {
        String label = reply.getLabel();
        String clientId = enrollment.clientId();
        String contactId = enrollment.contact().id();
        if (ENGAGED.contains(label)) {
            return pausing.pause(enrollment, "reply: " + label, metadata.causedBy(reply.getHeader()))
                    .then(
                            "referral".equals(label) && reply.getReferralEmail() != null
                                    ? referrals.propose(
                                            clientId,
                                            enrollment.contact(),
                                            enrollment.campaignSlug(),
                                            reply.getReferralEmail(),
                                            reply.getHeader().getEventId())
                                    : Mono.empty());
        }
        if ("not_interested".equals(label)) {
            return exits.exit(enrollment.id(), "rejected", reply.getHeader()).then();
        }
        if ("unsubscribe".equals(label)) {
            return managing.unsubscribeContact(
                    clientId, contactId, enrollment.contact().email(), reply.getHeader());
        }
        if ("bounce".equals(label) && "hard".equals(reply.getBounceKind())) {
            return managing.suppressEverywhere(
                    clientId, contactId, enrollment.contact().email(), "bounced", reply.getHeader());
        }
        if ("auto_reply".equals(label) && reply.getLeftCompany()) {
            return managing.exitEverywhere(clientId, contactId, "left_company", reply.getHeader());
        }
        return Mono.empty();
    }

    /** Labels after which the sequence simply goes on (later and out_of_office defer it in the sequencer). */
    private static boolean asksNothing(ReplyClassified reply) {
        return switch (reply.getLabel()) {
            case "later", "out_of_office" -> true;
            case "auto_reply" -> !reply.getLeftCompany();
            case "bounce" -> !"hard".equals(reply.getBounceKind());
            default -> false;
        };
    }
}
