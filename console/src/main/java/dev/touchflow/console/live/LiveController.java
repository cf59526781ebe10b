package dev.touchflow.console.live;

import dev.touchflow.console.security.Person;
import java.time.Duration;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;

/**
 * Server-sent events for the open pages: {@code draft}, {@code send}, {@code reply} or {@code run} when the
 * read model took in one of the person's clients' events, and a comment every 20 s that keeps proxies from
 * closing a quiet stream. The pages (htmx's SSE extension) reload the part that shows it.
 */
@RestController
class LiveController {

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(20);

    private final LiveUpdates updates;
    private final Person person;

    LiveController(LiveUpdates updates, Person person) {
        this.updates = updates;
        this.person = person;
    }

    @GetMapping(path = "/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<String>> live(ServerWebExchange exchange) {
        Flux<ServerSentEvent<String>> changes = person.clients(exchange)
                .flatMapMany(updates::of)
                .map(change -> ServerSentEvent.builder(change.clientId())
                        .event(change.kind())
                        .build());
        Flux<ServerSentEvent<String>> keepAlive = Flux.interval(KEEP_ALIVE)
                .map(tick ->
                        ServerSentEvent.<String>builder().comment("still here").build());
        return Flux.merge(changes, keepAlive);
    }
}
