package dev.touchflow.dispatch.send;

import dev.touchflow.platform.outbox.OutboxWriter;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A pending send that cannot go at all (no mailbox configured for it, no provider for its channel)
 * fails before anything is sent, for good, and says so on the sent topic.
 */
@Component
class FailingSends {

    private static final Logger log = LoggerFactory.getLogger(FailingSends.class);

    private final DeliveryState delivery;
    private final SendEvents events;
    private final OutboxWriter outbox;

    FailingSends(DeliveryState delivery, SendEvents events, OutboxWriter outbox) {
        this.delivery = delivery;
        this.events = events;
        this.outbox = outbox;
    }

    /** Fails the send with the reason and publishes {@code TouchFailed}; nothing is left to admit. */
    <T> Mono<T> beforeSending(Send send, String reason, Instant now) {
        log.warn("send {} failed: {}", send.id(), reason);
        return delivery.failPending(send.id(), reason, now)
                .then(outbox.append(events.failed(send, reason, true)))
                .then(Mono.empty());
    }
}
