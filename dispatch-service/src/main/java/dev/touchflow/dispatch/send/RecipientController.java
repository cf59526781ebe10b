package dev.touchflow.dispatch.send;

import dev.touchflow.dispatch.suppression.Suppressions;
import dev.touchflow.dispatch.token.SignedTokens;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.schemas.engagement.Clicked;
import dev.touchflow.schemas.engagement.Opened;
import dev.touchflow.schemas.engagement.Unsubscribed;
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
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;

/**
 * What a recipient reaches from a message: the unsubscribe page and its one-click POST (RFC 8058),
 * the open pixel and the click redirect. Every token is signed and bound to one send; a forged or
 * altered one is refused, and a click only ever redirects to a link that was in that message.
 */
@RestController
class RecipientController {

    private static final byte[] PIXEL =
            Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
    private static final Duration SCANNER_WINDOW = Duration.ofSeconds(2);
    private static final List<String> MACHINE_AGENTS = List.of(
            "googleimageproxy", "yahoomailproxy", "bot", "scanner", "safelinks", "barracuda", "mimecast", "proofpoint");

    private final SendRepository sends;
    private final SendLinks links;
    private final SendEvents events;
    private final Suppressions suppressions;
    private final SignedTokens tokens;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactions;
    private final Clock clock;

    private final CancellingSends cancelling;

    RecipientController(
            SendRepository sends,
            SendLinks links,
            SendEvents events,
            Suppressions suppressions,
            SignedTokens tokens,
            OutboxWriter outbox,
            TransactionalOperator transactions,
            Clock clock,
            CancellingSends cancelling) {
        this.cancelling = cancelling;
        this.sends = sends;
        this.links = links;
        this.events = events;
        this.suppressions = suppressions;
        this.tokens = tokens;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
    }

    @GetMapping(value = "/u/{token}", produces = MediaType.TEXT_HTML_VALUE)
    Mono<ResponseEntity<String>> confirmPage(@PathVariable String token) {
        if (tokens.verify(token, SignedTokens.Purpose.UNSUBSCRIBE).isEmpty()) {
            return Mono.just(
                    page(HttpStatus.NOT_FOUND, "This link is not valid", "<p>This unsubscribe link is not valid.</p>"));
        }
        String action = HtmlUtils.htmlEscape("/u/" + token);
        return Mono.just(page(
                HttpStatus.OK,
                "Unsubscribe",
                "<p>Stop receiving these emails?</p><form method=\"post\" action=\"" + action
                        + "\"><button type=\"submit\">Unsubscribe</button></form>"));
    }

    /** Unsubscribes at once: the one-click POST of a mail client, or the confirmation page's button. */
    @PostMapping(value = "/u/{token}", produces = MediaType.TEXT_HTML_VALUE)
    Mono<ResponseEntity<String>> unsubscribe(@PathVariable String token, ServerWebExchange exchange) {
        var claims = tokens.verify(token, SignedTokens.Purpose.UNSUBSCRIBE);
        if (claims.isEmpty()) {
            return Mono.just(
                    page(HttpStatus.NOT_FOUND, "This link is not valid", "<p>This unsubscribe link is not valid.</p>"));
        }
        return exchange.getFormData()
                .defaultIfEmpty(new LinkedMultiValueMap<>())
                .flatMap(form -> {
                    String source = oneClick(form) ? "one_click" : "link";
                    Instant now = clock.instant();
                    return transactions
                            .transactional(sends.find(claims.get().sendId())
                                    .flatMap(send -> suppressions
                                            .suppress(
                                                    send.clientId(),
                                                    send.content().toId(),
                                                    send.touch().contactId(),
                                                    "unsubscribed",
                                                    source,
                                                    now)
                                            .flatMap(added -> added
                                                    ? outbox.append(events.engagement(
                                                            send,
                                                            "Unsubscribed",
                                                            Unsubscribed.newBuilder()
                                                                    .setSendId(send.id()
                                                                            .toString())
                                                                    .setEmail(send.content()
                                                                            .toId())
                                                                    .setAt(now)
                                                                    .setSource(source)
                                                                    .build()))
                                                    : Mono.empty())
                                            .then(cancelling.ofContact(
                                                    send.clientId(),
                                                    send.touch().contactId(),
                                                    "the contact unsubscribed",
                                                    now))
                                            .thenReturn(page(
                                                    HttpStatus.OK,
                                                    "Unsubscribed",
                                                    "<p>You are unsubscribed and will not hear from us again.</p>"))))
                            .defaultIfEmpty(page(
                                    HttpStatus.NOT_FOUND,
                                    "This link is not valid",
                                    "<p>This unsubscribe link is not valid.</p>"));
                });
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

    private static boolean oneClick(MultiValueMap<String, String> form) {
        return "One-Click".equals(form.getFirst("List-Unsubscribe"));
    }

    private static ResponseEntity<String> page(HttpStatus status, String title, String content) {
        return ResponseEntity.status(status)
                .contentType(MediaType.TEXT_HTML)
                .body("<!DOCTYPE html><html><head><title>" + title + "</title></head><body>" + content
                        + "</body></html>");
    }
}
