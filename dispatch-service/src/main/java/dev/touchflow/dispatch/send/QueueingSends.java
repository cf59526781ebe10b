package dev.touchflow.dispatch.send;

import dev.touchflow.dispatch.approval.TrustedApprovals;
import dev.touchflow.dispatch.channel.ChannelProvider;
import dev.touchflow.dispatch.config.DispatchProperties;
import dev.touchflow.platform.approval.Approval;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.drafting.ApprovalEvent;
import dev.touchflow.schemas.drafting.DraftApproved;
import dev.touchflow.schemas.drafting.DraftWithdrawn;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.enrollment.Exited;
import dev.touchflow.schemas.enrollment.Paused;
import dev.touchflow.schemas.enrollment.Resumed;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Queues an approved touch: email, and any channel a {@link ChannelProvider} sends, leaves after the
 * undo window; anything else (and any touch the person must send themselves) becomes a task. A withdrawn draft's waiting send is cancelled.
 */
@Service
public class QueueingSends {

    private static final Logger log = LoggerFactory.getLogger(QueueingSends.class);

    private final SendRepository sends;
    private final RefusedApprovals refusedApprovals;
    private final SendEvents events;
    private final OutboxWriter outbox;
    private final DispatchProperties properties;
    private final Clock clock;

    private final Map<String, ChannelProvider> providers;
    private final TrustedApprovals trusted;
    private final EnrollmentHolds holds;
    private final CancellingSends cancelling;

    QueueingSends(
            SendRepository sends,
            RefusedApprovals refusedApprovals,
            SendEvents events,
            OutboxWriter outbox,
            DispatchProperties properties,
            Clock clock,
            List<ChannelProvider> providers,
            TrustedApprovals trusted,
            EnrollmentHolds holds,
            CancellingSends cancelling) {
        this.cancelling = cancelling;
        this.trusted = trusted;
        this.holds = holds;
        this.providers = providers.stream().collect(Collectors.toMap(ChannelProvider::channel, provider -> provider));
        this.sends = sends;
        this.refusedApprovals = refusedApprovals;
        this.events = events;
        this.outbox = outbox;
        this.properties = properties;
        this.clock = clock;
    }

    public Mono<Void> on(ApprovalEvent event) {
        if (event.getPayload() instanceof DraftApproved approved) {
            return queue(approved, event.getHeader());
        }
        if (event.getPayload() instanceof DraftWithdrawn withdrawn) {
            return cancelling.ofDraft(UUID.fromString(withdrawn.getDraftId()), withdrawn.getReason(), clock.instant());
        }
        return Mono.empty();
    }

    /**
     * A paused or exited enrollment sends nothing more: what waits for it (in the undo window, in the
     * queue, or as a task) is cancelled with the reason, and so is an approval for it that arrives later
     * (the topics keep no order between them). A resumed enrollment goes on with its next step.
     */
    /**
     * Whether an enrollment event can change what may be sent: paused, resumed or exited (an exit is
     * also what {@link SuppressingContacts} acts on); an enrollment that starts changes nothing here.
     */
    public static boolean concerns(EnrollmentEvent event) {
        Object payload = event.getPayload();
        return payload instanceof Paused || payload instanceof Resumed || payload instanceof Exited;
    }

    public Mono<Void> on(EnrollmentEvent event) {
        if (event.getPayload() instanceof Paused paused) {
            String reason = "the enrollment paused: " + paused.getReason();
            return holds.pause(UUID.fromString(paused.getEnrollmentId()), reason, clock.instant())
                    .then(cancelEnrollment(paused.getEnrollmentId(), reason));
        }
        if (event.getPayload() instanceof Exited exited) {
            String reason = "the enrollment exited: " + exited.getReason();
            return holds.exit(UUID.fromString(exited.getEnrollmentId()), reason, clock.instant())
                    .then(cancelEnrollment(exited.getEnrollmentId(), reason));
        }
        if (event.getPayload() instanceof Resumed resumed) {
            return holds.resume(UUID.fromString(resumed.getEnrollmentId()));
        }
        return Mono.empty();
    }

    private Mono<Void> cancelEnrollment(String enrollmentId, String reason) {
        return cancelling.ofEnrollment(UUID.fromString(enrollmentId), reason, clock.instant());
    }

    /**
     * Queues an approval only when drafting-service's signature holds for exactly its content; a
     * forged or altered one is refused: kept with the reason ({@code GET /api/v1/sends?status=refused}),
     * logged at ERROR and published as a permanent {@code TouchFailed}. It sends nothing.
     */
    private Mono<Void> queue(DraftApproved approved, EventHeader header) {
        boolean automatic = !approved.getRequiresPersonalSend()
                && ("email".equals(approved.getChannel()) || providers.containsKey(approved.getChannel()));
        Instant undoUntil = approved.getApprovedAt().plus(properties.undoWindow());
        Send send = ApprovalToSend.send(approved, header, automatic, undoUntil, clock.instant());
        byte[] signature = ApprovalToSend.signature(approved);
        SendRepository.SignedFields signed = ApprovalToSend.signed(approved, signature);
        Optional<String> refusal = refusal(approved, header, signature);
        if (refusal.isPresent()) {
            String reason = "approval refused: " + refusal.get();
            log.error(
                    "refused approval event {} of draft {} for {} (client {}), approved by {}: {}",
                    header.getEventId(),
                    approved.getDraftId(),
                    approved.getToId(),
                    header.getClientId(),
                    approved.getApprovedBy(),
                    refusal.get());
            return refusedApprovals
                    .add(
                            header.getEventId(),
                            send,
                            approved.getDraftId(),
                            approved.getEnrollmentId(),
                            reason,
                            clock.instant())
                    .flatMap(added -> added ? outbox.append(events.failed(send, reason, true)) : Mono.empty());
        }
        // an approval that arrives after its enrollment paused or exited is kept, cancelled with the reason
        return sends.add(send, signed)
                .flatMap(held -> cancelEnrollment(send.touch().enrollmentId().toString(), held));
    }

    private Optional<String> refusal(DraftApproved approved, EventHeader header, byte[] signature) {
        String hash = Approval.contentHash(approved.getSubject(), approved.getBody());
        if (!hash.equals(approved.getContentHash())) {
            return Optional.of("its subject and body do not match the content hash it carries");
        }
        if (!ApprovalToSend.namesItsDraftAndEnrollment(approved)) {
            return Optional.of("its draft or enrollment id is not an id");
        }
        return trusted.refusal(Approval.of(approved, header, hash), signature, approved.getSigningKeyId());
    }
}
