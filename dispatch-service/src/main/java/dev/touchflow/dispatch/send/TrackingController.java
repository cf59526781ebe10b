package dev.touchflow.dispatch.send;

import dev.touchflow.dispatch.token.SignedTokens;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.schemas.engagement.Clicked;
import dev.touchflow.schemas.engagement.Opened;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The open pixel and the click redirect of a tracked message. Every token is signed and bound to one
 * send; a click only ever redirects to a link that was in that message, and what an image proxy or a
 * link scanner fetches is flagged as a machine's.
 */
@RestController
class TrackingController {

    private static final byte[] PIXEL =
            Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
    private static final Duration SCANNER_WINDOW = Duration.ofSeconds(2);
    private static final List<String> MACHINE_AGENTS = List.of(
            "googleimageproxy", "yahoomailproxy", "bot", "scanner", "safelinks", "barracuda", "mimecast", "proofpoint");

    private final SendRepository sends;
    private final SendLinks links;
    private final SendEvents events;
    private final SignedTokens tokens;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactions;
    private final Clock clock;

    TrackingController(
            SendRepository sends,
            SendLinks links,
            SendEvents events,
            SignedTokens tokens,
            OutboxWriter outbox,
            TransactionalOperator transactions,
            Clock clock) {
        this.sends = sends;
        this.links = links;
        this.events = events;
        this.tokens = tokens;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
    }

    @GetMapping("/t/o/{token}")
    Mono<ResponseEntity<byte[]>> open(
            @PathVariable String token, @RequestHeader(value = HttpHeaders.USER_AGENT, required = false) String agent) {
        var claims = tokens.verify(token, SignedTokens.Purpose.OPEN);
        if (claims.isEmpty()) {
            return Mono.just(ResponseEntity.notFound().build());
        }
        Instant now = clock.instant();
        return sends.find(claims.get().sendId())
                .filter(send -> send.envelope().tracked())
                .flatMap(send -> transactions.transactional(outbox.append(events.engagement(
                        send,
                        "Opened",
                        Opened.newBuilder()
                                .setSendId(send.id().toString())
                                .setEnrollmentId(send.touch().enrollmentId().toString())
                                .setAt(now)
                                .setMachine(machine(send, agent, now))
                                .build()))))
                .thenReturn(ResponseEntity.ok()
                        .contentType(MediaType.IMAGE_GIF)
                        .cacheControl(CacheControl.noStore())
                        .body(PIXEL));
    }

    @GetMapping("/t/c/{token}")
    Mono<ResponseEntity<Void>> click(
            @PathVariable String token, @RequestHeader(value = HttpHeaders.USER_AGENT, required = false) String agent) {
        var claims = tokens.verify(token, SignedTokens.Purpose.CLICK);
        if (claims.isEmpty()) {
            return Mono.just(ResponseEntity.notFound().build());
        }
        Instant now = clock.instant();
        return sends.find(claims.get().sendId())
                .filter(send -> send.envelope().tracked())
                .flatMap(send -> links.find(send.id(), claims.get().link())
                        .flatMap(url -> transactions
                                .transactional(outbox.append(events.engagement(
                                        send,
                                        "Clicked",
                                        Clicked.newBuilder()
                                                .setSendId(send.id().toString())
                                                .setEnrollmentId(send.touch()
                                                        .enrollmentId()
                                                        .toString())
                                                .setUrl(url)
                                                .setAt(now)
                                                .setMachine(machine(send, agent, now))
                                                .build())))
                                .thenReturn(ResponseEntity.status(HttpStatus.FOUND)
                                        .location(URI.create(url))
                                        .cacheControl(CacheControl.noStore())
                                        .<Void>build())))
                .defaultIfEmpty(ResponseEntity.notFound().build());
    }

    /** Fetched by an image proxy or a link scanner rather than a person, as far as can be told. */
    static boolean machine(Send send, String agent, Instant at) {
        String lower = agent == null ? "" : agent.toLowerCase(Locale.ROOT);
        boolean knownMachine = lower.isBlank() || MACHINE_AGENTS.stream().anyMatch(lower::contains);
        boolean tooSoon = send.progress().sentAt() != null
                && Duration.between(send.progress().sentAt(), at).compareTo(SCANNER_WINDOW) < 0;
        return knownMachine || tooSoon;
    }
}
