package dev.touchflow.dispatch.send;

import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.platform.web.ConflictException;
import dev.touchflow.platform.web.NotFoundException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Touches a person makes, and the record that they made them. */
@Service
public class ManualTouches {

    private final SendRepository sends;
    private final SendEvents events;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactions;
    private final Clock clock;
    private final ListedSends listed;

    ManualTouches(
            SendRepository sends,
            ListedSends listed,
            SendEvents events,
            OutboxWriter outbox,
            TransactionalOperator transactions,
            Clock clock) {
        this.sends = sends;
        this.listed = listed;
        this.events = events;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
    }

    public Flux<Send> open(List<String> clients, int limit, int offset) {
        return listed.withStatus(SendStatus.TASK, clients, limit, offset);
    }

    public Mono<Send> find(UUID id) {
        return sends.find(id);
    }

    /** The person made the touch: it is sent, and {@code TouchSent} says so (without a Message-ID). */
    public Mono<Send> done(UUID id, String by) {
        return transactions.transactional(sends.done(id, by, clock.instant())
                .flatMap(done -> outbox.append(
                                events.sent(done, null, null, done.progress().sentAt()))
                        .thenReturn(done))
                .switchIfEmpty(Mono.defer(() -> sends.find(id)
                        .switchIfEmpty(Mono.error(() -> new NotFoundException("no task " + id)))
                        .flatMap(send -> Mono.error(new ConflictException(
                                "send " + id + " is " + send.status() + "; only an open task can be done"))))));
    }
}
