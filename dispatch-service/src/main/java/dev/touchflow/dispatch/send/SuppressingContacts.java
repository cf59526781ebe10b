package dev.touchflow.dispatch.send;

import dev.touchflow.dispatch.suppression.Suppressions;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.enrollment.Exited;
import dev.touchflow.schemas.replies.ReplyClassified;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Puts a contact on the client's suppression list when they unsubscribe or bounce, however that
 * is learned (an exit with that reason, an unsubscribe reply, a hard bounce), and cancels what still waits for
 * them. The check at send time catches anything that slips past.
 */
@Service
public class SuppressingContacts {

    private static final Map<String, String> SUPPRESSING_EXITS =
            Map.of("unsubscribed", "unsubscribed", "bounced", "bounced");

    private final Suppressions suppressions;
    private final CancellingSends cancelling;
    private final Clock clock;

    SuppressingContacts(Suppressions suppressions, CancellingSends cancelling, Clock clock) {
        this.suppressions = suppressions;
        this.cancelling = cancelling;
        this.clock = clock;
    }

    public Mono<Void> on(EnrollmentEvent event) {
        if (event.getPayload() instanceof Exited exited && SUPPRESSING_EXITS.containsKey(exited.getReason())) {
            return suppress(
                    event.getHeader().getClientId(),
                    null,
                    event.getHeader().getContactId(),
                    SUPPRESSING_EXITS.get(exited.getReason()),
                    "exit:" + exited.getReason());
        }
        return Mono.empty();
    }

    public Mono<Void> on(ReplyClassified reply) {
        if ("unsubscribe".equals(reply.getLabel())) {
            return suppress(
                    reply.getHeader().getClientId(), null, reply.getHeader().getContactId(), "unsubscribed", "reply");
        }
        if ("bounce".equals(reply.getLabel()) && "hard".equals(reply.getBounceKind())) {
            // The address the report names, else the contact's; a soft bounce suppresses nothing
            return suppress(
                    reply.getHeader().getClientId(),
                    reply.getBouncedAddress(),
                    reply.getHeader().getContactId(),
                    "bounced",
                    "bounce " + (reply.getBounceStatus() == null ? "report" : reply.getBounceStatus()));
        }
        return Mono.empty();
    }

    private Mono<Void> suppress(String clientId, String address, String contactId, String reason, String source) {
        Instant now = clock.instant();
        String why = "the contact is suppressed: " + reason + " (" + source + ")";
        return suppressions
                .suppress(clientId, address, contactId, reason, source, now)
                .then(cancelling.ofContact(clientId, contactId, why, now));
    }
}
