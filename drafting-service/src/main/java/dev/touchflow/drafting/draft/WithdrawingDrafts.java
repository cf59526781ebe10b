package dev.touchflow.drafting.draft;

import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.outbox.OutboundEvent;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.schemas.common.EventHeader;
import dev.touchflow.schemas.drafting.ApprovalEvent;
import dev.touchflow.schemas.drafting.DraftWithdrawn;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.enrollment.Exited;
import dev.touchflow.schemas.enrollment.Paused;
import dev.touchflow.schemas.topics.Topics;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * When an enrollment pauses or exits, its drafts still being drafted or waiting for a person are
 * withdrawn and can no longer be approved.
 */
@Service
public class WithdrawingDrafts {

    private final DraftRepository drafts;
    private final DraftHistory history;
    private final OutboxWriter outbox;
    private final EventMetadata metadata;
    private final Clock clock;

    WithdrawingDrafts(
            DraftRepository drafts, DraftHistory history, OutboxWriter outbox, EventMetadata metadata, Clock clock) {
        this.drafts = drafts;
        this.history = history;
        this.outbox = outbox;
        this.metadata = metadata;
        this.clock = clock;
    }

    /** Whether the event can withdraw drafts: an enrollment paused or exited. */
    public static boolean concerns(EnrollmentEvent event) {
        return event.getPayload() instanceof Paused || event.getPayload() instanceof Exited;
    }

    public Mono<Void> on(EnrollmentEvent event) {
        if (event.getPayload() instanceof Paused paused) {
            return withdraw(paused.getEnrollmentId(), "enrollment paused: " + paused.getReason(), event.getHeader());
        }
        if (event.getPayload() instanceof Exited exited) {
            return withdraw(exited.getEnrollmentId(), "enrollment exited: " + exited.getReason(), event.getHeader());
        }
        return Mono.empty();
    }

    private Mono<Void> withdraw(String enrollmentId, String reason, EventHeader cause) {
        return drafts.withdrawOpen(UUID.fromString(enrollmentId), reason, clock.instant())
                .collectList()
                .flatMapIterable(withdrawn -> withdrawn)
                .concatMap(draft -> {
                    EventHeader header = metadata.causedBy(cause);
                    DraftWithdrawn withdrawn = DraftWithdrawn.newBuilder()
                            .setDraftId(draft.id().toString())
                            .setEnrollmentId(enrollmentId)
                            .setStepNumber(draft.touch().stepNumber())
                            .setReason(reason)
                            .build();
                    return history.audit(
                                    draft.id(), header.getOccurredAt(), metadata.producer(), "withdrawn", null, reason)
                            .then(outbox.append(new OutboundEvent(
                                    Topics.APPROVED,
                                    header,
                                    "DraftWithdrawn",
                                    ApprovalEvent.newBuilder()
                                            .setHeader(header)
                                            .setPayload(withdrawn)
                                            .build())));
                })
                .then();
    }
}
