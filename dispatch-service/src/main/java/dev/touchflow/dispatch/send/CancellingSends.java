package dev.touchflow.dispatch.send;

import dev.touchflow.platform.outbox.OutboxWriter;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Cancels what still waits to go (a send in its undo window or queue, an open task) and announces each. */
@Component
class CancellingSends {

    private final WaitingSends sends;
    private final SendEvents events;
    private final OutboxWriter outbox;

    CancellingSends(WaitingSends sends, SendEvents events, OutboxWriter outbox) {
        this.sends = sends;
        this.events = events;
        this.outbox = outbox;
    }

    Mono<Void> ofContact(String clientId, String contactId, String reason, Instant now) {
        return announce(sends.cancelContact(clientId, contactId, reason, now), reason);
    }

    Mono<Void> ofEnrollment(UUID enrollmentId, String reason, Instant now) {
        return announce(sends.cancelEnrollment(enrollmentId, reason, now), reason);
    }

    Mono<Void> ofDraft(UUID draftId, String reason, Instant now) {
        return announce(sends.cancelWaiting(draftId, reason, now), reason);
    }

    /** A {@code TouchCancelled} for each cancelled send, in one insert. */
    private Mono<Void> announce(Flux<Send> cancelled, String reason) {
        return cancelled
                .collectList()
                .flatMap(all -> outbox.appendAll(
                        all.stream().map(send -> events.cancelled(send, reason)).toList()));
    }
}
