package dev.touchflow.console.live;

import dev.touchflow.platform.transaction.AfterCommit;
import java.time.Duration;
import java.util.Set;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * What just changed, for the pages open now. The read model says so once an event's effect has committed;
 * a page that was not listening misses nothing, it reads the read model when it loads.
 */
@Component
public class LiveUpdates {

    /** Something new of a kind ({@code draft}, {@code send}, {@code reply}, {@code run}) for a client. */
    public record Change(String kind, String clientId) {}

    private final Sinks.Many<Change> changes = Sinks.many().multicast().directBestEffort();

    /** Says {@code kind} changed for {@code clientId} once the current transaction commits. */
    public Mono<Void> afterCommit(String kind, String clientId) {
        return AfterCommit.run(() -> changes.emitNext(
                new Change(kind, clientId), Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(100))));
    }

    /** The changes of these clients ({@code *} for every client). */
    public Flux<Change> of(Set<String> clients) {
        return changes.asFlux().filter(change -> clients.contains("*") || clients.contains(change.clientId()));
    }
}
